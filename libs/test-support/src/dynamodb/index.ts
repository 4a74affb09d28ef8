export * from './dynalite-server';
export { transactionFront } from './dynalite-transactions';
