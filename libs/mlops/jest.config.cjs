module.exports = {
  displayName: 'mlops',
  preset: '../../jest.preset.js',
};
