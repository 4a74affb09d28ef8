module.exports = {
  displayName: 'sample-data',
  preset: '../../jest.preset.js',
};
