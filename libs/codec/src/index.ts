import { name as d } from '@triage/dicom'; /** Placeholder. */ export const name = 'codec' + d;
