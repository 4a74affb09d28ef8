module.exports = {
  displayName: 'dicom',
  preset: '../../jest.preset.js',
};
