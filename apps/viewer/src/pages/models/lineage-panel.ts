import { h } from '../../ui/dom';
import { routeHash } from '../routes';
import { executionIdOfArn, type ModelVersion } from './model-api';

/** Where the version came from: the dataset snapshot, the run that trained it (a link to its page), the code. */
export function lineagePanel(v: ModelVersion): HTMLElement {
  const execution = v.lineage.pipelineExecutionArn ? executionIdOfArn(v.lineage.pipelineExecutionArn) : undefined;
  const row = (term: string, value: Node | string | undefined, testId: string) =>
    [h('dt', {}, term), h('dd', { 'data-testid': testId }, value ?? '–')] as const;
  return h(
    'section',
    { class: 'panel', 'data-testid': 'lineage-panel', 'aria-labelledby': 'lineage-title' },
    h('h2', { id: 'lineage-title' }, 'Lineage'),
    h(
      'dl',
      { class: 'facts' },
      ...row('Dataset snapshot', v.lineage.datasetSnapshotHash, 'lineage-dataset'),
      ...row(
        'Pipeline run',
        execution
          ? h('a', { href: routeHash({ page: 'pipeline', executionId: execution }), 'data-testid': 'lineage-execution-link' }, execution)
          : undefined,
        'lineage-execution',
      ),
      ...row('Code version', v.lineage.codeVersion, 'lineage-code'),
      ...row('Training job', v.lineage.trainingJob, 'lineage-training-job'),
      ...row('Model artifact', v.modelDataUrl, 'lineage-artifact'),
      ...row('Registered by', v.registeredBy.principal, 'lineage-registered-by'),
    ),
  );
}
