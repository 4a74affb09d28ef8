module.exports = {
  displayName: 'test-data',
  preset: '../../jest.preset.js',
};
