import { sessionExpired } from '../session/session';
import { apiErrorOf } from '../session/api-error';
import type { DicomJson } from './image-ids';

/** A DICOMweb client over fetch (cookies of this origin only), rooted where the configuration says. */
export class DicomwebClient {
  /** The root as an absolute URL without a trailing slash. */
  readonly root: string;

  constructor(root: string) {
    this.root = new URL(root, location.href).href.replace(/\/$/, '');
  }

  /** The URL of a series, under which its instances, frames and thumbnail lie. */
  seriesUrl(study: string, series: string): string {
    return `${this.root}/studies/${encodeURIComponent(study)}/series/${encodeURIComponent(series)}`;
  }

  /** QIDO-RS: the series of a study. */
  searchSeries(study: string, signal?: AbortSignal): Promise<DicomJson[]> {
    return this.json(`${this.root}/studies/${encodeURIComponent(study)}/series`, signal);
  }

  /** WADO-RS: every instance's metadata of a series. */
  seriesMetadata(study: string, series: string, signal?: AbortSignal): Promise<DicomJson[]> {
    return this.json(`${this.seriesUrl(study, series)}/metadata`, signal);
  }

  private async json(url: string, signal?: AbortSignal): Promise<DicomJson[]> {
    const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/dicom+json' }, signal });
    if (response.status === 401) sessionExpired();
    if (response.status === 204) return [];
    if (!response.ok) throw await apiErrorOf(response);
    return (await response.json()) as DicomJson[];
  }
}
