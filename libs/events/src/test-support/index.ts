export * from './contract-event-bus';
export * from './eventually';
export * from './manual-clock';
export * from './sample-events';
