module.exports = {
  displayName: 'dicomweb',
  preset: '../../jest.preset.js',
};
