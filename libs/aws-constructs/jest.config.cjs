module.exports = {
  displayName: 'aws-constructs',
  preset: '../../jest.preset.js',
};
