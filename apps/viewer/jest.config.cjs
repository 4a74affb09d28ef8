module.exports = {
  displayName: 'viewer',
  preset: '../../jest.preset.js',
};
