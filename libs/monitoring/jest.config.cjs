module.exports = {
  displayName: 'monitoring',
  preset: '../../jest.preset.js',
};
