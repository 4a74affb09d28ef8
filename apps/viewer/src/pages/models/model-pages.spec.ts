import { extent, linearScale, ticks } from './charts/scale';
import { shadeOf } from './charts/confusion-matrix-chart';
import { confusionRows, rocPoints } from './evaluation-panel';
import { approvalText, metricText } from './metric-text';
import { executionIdOfArn, versionOfArn, type Evaluation } from './model-api';
import { actionPath, actionsFor } from './version-actions';

const EVALUATION: Evaluation = {
  binary_classification_metrics: {
    auc: { value: 0.93, ci95: [0.9, 0.96] },
    confusion_matrix: { '0': { '0': 40, '1': 5 }, '1': { '0': 6, '1': 29 } },
    receiver_operating_characteristic_curve: { false_positive_rates: [1, 0, 0.1, 0.1], true_positive_rates: [1, 0, 0.9, 0.7] },
  },
};

describe('the models pages, their pure parts', () => {
  it('writes metrics with their 95 % interval, and approval statuses in words', () => {
    expect([
      metricText({ value: 0.875, ci95: [0.83, 0.9104] }),
      metricText({ value: 0.875 }),
      metricText({ value: null, ci95: [null, null] }),
      metricText(undefined),
      approvalText('PendingManualApproval'),
      approvalText('Approved'),
    ]).toEqual(['0.875 (0.830–0.910)', '0.875', '–', '–', 'pending approval', 'approved']);
  });

  it('offers each role the actions it may take on a version in each state', () => {
    const states = [
      { approvalStatus: 'PendingManualApproval', promoted: false },
      { approvalStatus: 'Approved', promoted: false },
      { approvalStatus: 'Approved', promoted: true },
      { approvalStatus: 'Rejected', promoted: false },
    ] as const;
    const roles = ['admin', 'data-scientist', 'clinician', 'auditor'];
    expect(Object.fromEntries(roles.map((role) => [role, states.map((s) => actionsFor(role, s))]))).toEqual({
      admin: [['approve', 'reject'], ['reject', 'promote'], ['rollback'], ['approve']],
      'data-scientist': [['approve', 'reject'], ['reject'], [], ['approve']],
      clinician: [[], [], [], []],
      auditor: [[], [], [], []],
    });
    expect(['approve', 'reject', 'promote', 'rollback'].map((a) => actionPath(a as 'approve', 'triage-chest-xray', 3))).toEqual([
      '/api/models/groups/triage-chest-xray/versions/3/approve',
      '/api/models/groups/triage-chest-xray/versions/3/reject',
      '/api/models/groups/triage-chest-xray/versions/3/promote',
      '/api/models/groups/triage-chest-xray/rollback',
    ]);
  });

  it('reads the ROC points in drawing order and the confusion matrix as [[TN, FP], [FN, TP]]', () => {
    expect(rocPoints(EVALUATION)).toEqual([
      [0, 0],
      [0.1, 0.7],
      [0.1, 0.9],
      [1, 1],
    ]);
    expect(confusionRows(EVALUATION)).toEqual([
      [40, 5],
      [6, 29],
    ]);
    expect([0, 1, 20, 39, 40].map((c) => shadeOf(c, 40))).toEqual([0, 0, 2, 4, 4]);
  });

  it('names versions and runs by their ARNs', () => {
    expect({
      version: versionOfArn('arn:aws:sagemaker:local:000000000000:model-package/triage-chest-xray/7'),
      notOne: versionOfArn('arn:aws:sagemaker:local:000000000000:model-package-group/triage-chest-xray'),
      execution: executionIdOfArn('arn:aws:sagemaker:local:000000000000:pipeline/triage-model/execution/ab12cd34ef56'),
    }).toEqual({ version: { group: 'triage-chest-xray', version: 7 }, notOne: undefined, execution: 'ab12cd34ef56' });
  });

  it('scales data to pixels, with ticks and padded extents', () => {
    const sx = linearScale([0, 1], [50, 450]);
    expect([sx(0), sx(0.5), sx(1), linearScale([2, 2], [10, 20])(5)]).toEqual([50, 250, 450, 10]);
    expect(ticks([1, 20], 5, true)).toEqual([1, 5, 9, 13, 17]);
    expect(ticks([0, 1], 4)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect([extent([0.7, 0.5, 0.3], 0), extent([]), extent([2, 2])]).toEqual([
      [0, 0.735],
      [0, 1],
      [2, 3],
    ]);
  });
});
