import { InMemoryPromotionStore } from './in-memory-promotion-store';
import { promotionStoreContract } from './test-support/promotion-store-contract';

promotionStoreContract('InMemoryPromotionStore', {
  open: async () => {
    const store = new InMemoryPromotionStore();
    // One process's store: a reopen is the same instance.
    return { store, reopen: async () => store, dispose: async () => undefined };
  },
});
