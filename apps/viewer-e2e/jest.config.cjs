module.exports = {
  displayName: 'viewer-e2e',
  preset: '../../jest.preset.js',
};
