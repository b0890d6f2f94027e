import { InMemoryInventoryClient } from '../../inventory/memory-inventory-client.js';

/**
 * The payment tests' two stores in USD: store-a sells book-1 (19.99) and book-2 (5.00),
 * store-b sells hammer (25.00). Chain more stores or items onto it where a test needs them.
 */
export function twoStoreCatalog(stockOnHand = 1000): InMemoryInventoryClient {
  return new InMemoryInventoryClient()
    .addStore('store-a', { currency: 'USD' })
    .addItem('store-a', { sku: 'book-1', name: 'Book One', price: 1999, stockOnHand })
    .addItem('store-a', { sku: 'book-2', name: 'Book Two', price: 500, stockOnHand })
    .addStore('store-b', { currency: 'USD' })
    .addItem('store-b', { sku: 'hammer', name: 'Hammer', price: 2500, stockOnHand });
}
