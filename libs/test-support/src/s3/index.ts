export * from './s3rver-on-loopback';
