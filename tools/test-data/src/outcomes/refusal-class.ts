/**
 * Refusal reasons name the file, the attribute and the byte offsets, which change with any wording
 * fix; the expected-outcome tables record only the kind of refusal. The first rule that matches wins
 * (a missing TransferSyntaxUID is also "not DICOM", and that is the less precise class).
 */
const RULES: [RegExp, string][] = [
  [/no TransferSyntaxUID/, 'no-transfer-syntax'],
  [/SOPInstanceUID \(0008,0018\) is missing/, 'no-sop-instance-uid'],
  [/StudyInstanceUID \(0020,000D\) is missing/, 'no-study-instance-uid'],
  [/SeriesInstanceUID \(0020,000E\) is missing/, 'no-series-instance-uid'],
  [/SOPClassUID \(0008,0016\) is missing/, 'no-sop-class-uid'],
  // Before invalid-value: an attribute sent with a VR the standard does not give it (SV Rows, OB for a sequence).
  [/the standard's is [A-Z]{2}\b|in the standard but was sent with another VR/, 'wrong-vr'],
  [/is not a valid|, not an? (integer|decimal) string/, 'invalid-value'],
  // A UID the index would record otherwise than the acknowledgement names it (QIDO-RS would not find it).
  [/would be indexed as/, 'index-mismatch'],
  [/unsupported transfer syntax/, 'unsupported-transfer-syntax'],
  // dicom-parser's "invalid value for parameter 'maxPosition'" is a length past the end; a C-STORE Error Comment may split the word.
  [/truncated|premature end|past (the )?end|buffer overrun|too few for|maxP ?osition/i, 'truncated'],
  [/not DICOM|not a DICOM/, 'not-dicom'],
  [/cannot be decoded|codestream|corrupt/i, 'corrupt-codestream'],
  // After the UIDs' own classes: any other attribute a read cannot do without (Rows, BitsAllocated).
  [/ is missing\b/, 'missing-attribute'],
  // After the causes it may carry (truncated, corrupt): pixel data whose frames cannot be located at all.
  [/its pixel data cannot be read/, 'unreadable-pixel-data'],
  // Last: the cause after it may be cut off (a C-STORE Error Comment holds 64 characters), or be the parser's own words alone.
  [/not readable as DICOM|not a readable DICOM instance|cannot parse: /, 'unreadable'],
  // A STOW-RS part with no bytes at all.
  [/the part is empty/, 'empty-part'],
  // Metadata that would not read back: the pixel module was fine, the attributes were not.
  [/cannot be read back as DICOM JSON/, 'unreadable-metadata'],
  // A C-STORE Error Comment cut at 64 characters before the reason: a UID the check refused as a value.
  [/^(Study|Series|SOP)InstanceUID '/, 'invalid-value'],
  // Association negotiation: the SCP accepted neither the SOP class (result 3) nor the transfer syntax (result 4).
  [/presentation context refused \(result 3\)/, 'unsupported-sop-class'],
  [/presentation context refused \(result 4\)/, 'unsupported-transfer-syntax'],
  // C-STORE: a command attribute with several values, or a command that names another instance than its data set.
  [/ has \d+ values/, 'multi-valued-command'],
  [/data set SOP (Class|Instance) UID is not the command's/, 'command-mismatch'],
];

/** The short, stable class of a refusal reason (`truncated`, `no-sop-instance-uid`, ...); `unclassified: REASON` when no rule knows it. */
export function refusalClass(reason: string): string {
  for (const [pattern, name] of RULES) if (pattern.test(reason)) return name;
  return `unclassified: ${reason}`;
}
