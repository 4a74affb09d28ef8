module.exports = {
  displayName: 'artifacts',
  preset: '../../jest.preset.js',
};
