import { TextDecoder } from 'node:util';
/** TextDecoder labels for the Specific Character Set defined terms (PS3.3 C.12.1.1.2) Node can decode. */
const CHARSETS: Record<string, string> = {
  '': 'latin1',
  ISO_IR_6: 'latin1',
  ISO_IR_100: 'latin1',
  ISO_IR_101: 'iso-8859-2',
  ISO_IR_109: 'iso-8859-3',
  ISO_IR_110: 'iso-8859-4',
  ISO_IR_144: 'iso-8859-5',
  ISO_IR_127: 'iso-8859-6',
  ISO_IR_126: 'iso-8859-7',
  ISO_IR_138: 'iso-8859-8',
  ISO_IR_148: 'iso-8859-9',
  ISO_IR_203: 'iso-8859-15',
  ISO_IR_13: 'shift_jis',
  ISO_IR_166: 'tis-620',
  ISO_IR_192: 'utf-8',
  GB18030: 'gb18030',
  GBK: 'gbk',
  ISO_2022_IR_6: 'latin1',
  ISO_2022_IR_100: 'latin1',
  ISO_2022_IR_87: 'iso-2022-jp',
  ISO_2022_IR_13: 'shift_jis',
  ISO_2022_IR_149: 'euc-kr',
  ISO_2022_IR_58: 'gb2312',
  ISO_2022_IR_192: 'utf-8',
};

/** A decoder for the text of a data set, from its Specific Character Set value (first term wins). */
export function textDecoderFor(specificCharacterSet: string | undefined): TextDecoder {
  const terms = (specificCharacterSet ?? '').split('\\').map((t) => t.trim().replace(/ /g, '_'));
  // Multi-valued sets use ISO 2022 escapes; the last non-default term names the extension in use.
  const term = terms.find((t, i) => i > 0 && t) ?? terms[0] ?? '';
  const label = CHARSETS[term] ?? CHARSETS[term.replace(/^ISO_2022_/, 'ISO_')] ?? 'latin1';
  try {
    return new TextDecoder(label);
  } catch {
    return new TextDecoder('latin1');
  }
}
