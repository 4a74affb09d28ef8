import { name as d } from '@triage/dicom'; /** Placeholder. */ export const name = 'sample' + d;
