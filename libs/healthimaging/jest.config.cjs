module.exports = {
  displayName: 'healthimaging',
  preset: '../../jest.preset.js',
};
