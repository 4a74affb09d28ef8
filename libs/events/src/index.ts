export * from './event-envelope';
export * from './event-bus';
export * from './schemas/detail-types';
export * from './schemas/image-set-events';
export * from './schemas/label-events';
export * from './local/transactional-outbox';
