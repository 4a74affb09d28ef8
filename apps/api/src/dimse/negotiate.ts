import { transferSyntaxTraits } from '@triage/dicom';
import { constants } from 'dcmjs-dimse';
import type { association } from 'dcmjs-dimse';

/** The Verification SOP Class (C-ECHO). */
export const VERIFICATION_SOP_CLASS = '1.2.840.10008.1.1';

const STANDARD_ROOT = '1.2.840.10008.';
/** Roots of the standard storage SOP classes beyond the image/SR/waveform family (RT, hanging protocols, palettes, implant templates). */
const STORAGE_ROOTS = [
  '1.2.840.10008.5.1.4.1.1.',
  '1.2.840.10008.5.1.4.34.',
  '1.2.840.10008.5.1.4.38.',
  '1.2.840.10008.5.1.4.39.',
  '1.2.840.10008.5.1.4.43.',
  '1.2.840.10008.5.1.4.44.',
  '1.2.840.10008.5.1.4.45.',
];
const KNOWN_STORAGE = new Set<string>(Object.values(constants.StorageClass as unknown as Record<string, string>));

/** Whether a SOP class is one we store: every standard storage class, and any private one (a private SOP class is a vendor's storage class). */
export function isStorageSopClass(uid: string): boolean {
  return KNOWN_STORAGE.has(uid) || STORAGE_ROOTS.some((root) => uid.startsWith(root)) || !uid.startsWith(STANDARD_ROOT);
}

/**
 * Answers every proposed presentation context: Verification and every storage SOP class are
 * accepted with the first proposed transfer syntax the store can read (the SCU proposes its
 * preference first, and keeping it means the data set arrives as the SCU has it, not converted);
 * anything else is refused.
 */
export function negotiatePresentationContexts(request: association.Association): void {
  const { PresentationContextResult } = constants;
  for (const { id } of request.getPresentationContexts()) {
    const context = request.getPresentationContext(id);
    const abstractSyntax = context.getAbstractSyntaxUid();
    if (abstractSyntax !== VERIFICATION_SOP_CLASS && !isStorageSopClass(abstractSyntax)) {
      context.setResult(PresentationContextResult.RejectAbstractSyntaxNotSupported);
      continue;
    }
    const accepted = context.getTransferSyntaxUids().find((ts) => transferSyntaxTraits(ts) !== undefined);
    if (accepted === undefined) context.setResult(PresentationContextResult.RejectTransferSyntaxesNotSupported);
    else context.setResult(PresentationContextResult.Accept, accepted);
  }
}
