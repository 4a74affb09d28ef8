module.exports = {
  displayName: 'codec',
  preset: '../../jest.preset.js',
};
