/** The generated files: each one a dcmtk encoder run on a corpus file. */
export const GENERATED = [
  // JPEG-LS and 16-bit lossless JPEG, which the corpus has none of.
  { name: 'CT_small_jls_lossless.dcm', from: 'CT_small.dcm', tool: 'dcmcjpls', args: ['+el'] },
  { name: 'SC_rgb_jls_near_lossless.dcm', from: 'SC_rgb_jpeg_dcmd.dcm', tool: 'dcmcjpls', args: ['+en'] },
  { name: 'SC_rgb_small_odd_jls_line.dcm', from: 'SC_rgb_small_odd.dcm', tool: 'dcmcjpls', args: ['+el', '+il'] },
  { name: 'SC_rgb_jls_none.dcm', from: 'SC_rgb_jpeg_dcmd.dcm', tool: 'dcmcjpls', args: ['+el', '+in'] },
  { name: 'SC_rgb_jls_sample.dcm', from: 'SC_rgb_jpeg_dcmd.dcm', tool: 'dcmcjpls', args: ['+el', '+is'] },
  { name: 'CT_small_jpeg_lossless_sv1.dcm', from: 'CT_small.dcm', tool: 'dcmcjpeg', args: ['+e1'] },
  { name: 'MR_small_jpeg_lossless.dcm', from: 'MR_small.dcm', tool: 'dcmcjpeg', args: ['+el'] },
  { name: 'ExplVR_BigEnd_jpeg_baseline.dcm', from: 'ExplVR_BigEnd.dcm', tool: 'dcmcjpeg', args: ['+eb'] },
  // 12-bit extended from 16-bit CT/MR and from 8-bit RGB, at several qualities and samplings.
  { name: 'ct-ee-q90.dcm', from: 'CT_small.dcm', tool: 'dcmcjpeg', args: ['+ee'] },
  { name: 'ct-ee-q100.dcm', from: 'CT_small.dcm', tool: 'dcmcjpeg', args: ['+ee', '+q', '100'] },
  { name: 'ct-ee-q25.dcm', from: 'CT_small.dcm', tool: 'dcmcjpeg', args: ['+ee', '+q', '25'] },
  { name: 'mr-ee-q90.dcm', from: 'MR_small.dcm', tool: 'dcmcjpeg', args: ['+ee'] },
  { name: 'mr-ee-q100.dcm', from: 'MR_small.dcm', tool: 'dcmcjpeg', args: ['+ee', '+q', '100'] },
  { name: 'ct-ee-8bit.dcm', from: 'CT_small.dcm', tool: 'dcmcjpeg', args: ['+ee', '+be'] },
  { name: 'rgb-ee12-422.dcm', from: 'SC_rgb_jpeg_dcmd.dcm', tool: 'dcmcjpeg', args: ['+ee', '+bt', '+s2'] },
  { name: 'rgb-ee12-420.dcm', from: 'SC_rgb_jpeg_dcmd.dcm', tool: 'dcmcjpeg', args: ['+ee', '+bt', '+n1'] },
  { name: 'rgb-ee12-444.dcm', from: 'SC_rgb_jpeg_dcmd.dcm', tool: 'dcmcjpeg', args: ['+ee', '+bt', '+s4', '+q', '100'] },
  { name: 'odd-ee12-420.dcm', from: 'SC_rgb_small_odd.dcm', tool: 'dcmcjpeg', args: ['+ee', '+bt', '+n1'] },
  { name: 'odd-eb-420.dcm', from: 'SC_rgb_small_odd.dcm', tool: 'dcmcjpeg', args: ['+eb', '+n1'] },
  { name: 'rgb-eb-422-q100.dcm', from: 'SC_rgb_jpeg_dcmd.dcm', tool: 'dcmcjpeg', args: ['+eb', '+n2', '+q', '100'] },
];
