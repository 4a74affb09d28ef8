module.exports = {
  displayName: 'catalog',
  preset: '../../jest.preset.js',
};
