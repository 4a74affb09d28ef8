module.exports = {
  displayName: 'dicomweb',
  preset: '../../jest.preset.js',
  // Until the first module moves in (remove with the first spec).
  passWithNoTests: true,
};
