import type { Pool } from '../../lib/db.js';

/** A product as the shop keeps it: decimal price string, units in stock. */
export interface SeedProduct {
  sku: string;
  title: string;
  blurb?: string;
  price: string;
  in_stock: number;
}

function ean13(first12: string): string {
  const sum = [...first12].reduce((acc, digit, i) => acc + Number(digit) * (i % 2 === 0 ? 1 : 3), 0);
  return `${first12}${(10 - (sum % 10)) % 10}`;
}

/** Corner Grocer's shelf: EAN-13 bar codes from its own (made-up) company prefix. */
export const GROCERY_CATALOG: SeedProduct[] = [
  ['00001', 'Sourdough loaf, 800 g', 'Baked this morning; long-fermented, crisp crust.', '4.50', 24],
  ['00002', 'Free-range eggs, dozen', 'Large brown eggs from a farm down the road.', '5.29', 40],
  ['00003', 'Whole milk, 1 l', 'Pasteurised, non-homogenised, glass bottle (deposit included).', '1.89', 60],
  ['00004', 'Salted butter, 250 g', 'Cultured cream butter.', '3.75', 35],
  ['00005', 'Aged cheddar, 200 g', 'Matured 18 months, crumbly and sharp.', '6.40', 18],
  ['00006', 'Bananas, per bunch', 'About five bananas, Fairtrade.', '2.19', 50],
  ['00007', 'Honeycrisp apples, 1 kg', 'Crisp and sweet, local orchard.', '3.99', 45],
  ['00008', 'Vine tomatoes, 500 g', 'Ripened on the vine.', '2.89', 30],
  ['00009', 'Extra virgin olive oil, 500 ml', 'Cold pressed, single estate.', '11.95', 15],
  ['00010', 'Spaghetti, 500 g', 'Bronze-die durum wheat pasta.', '1.99', 80],
  ['00011', 'Ground coffee, 250 g', 'Medium roast, washed Colombian beans.', '8.49', 26],
  ['00012', 'Dark chocolate 70 %, 100 g', 'Single-origin cacao.', '3.29', 70],
].map(([ref, title, blurb, price, stock]) => ({ sku: ean13(`50612${ref}00`.slice(0, 12)), title: String(title), blurb: String(blurb), price: String(price), in_stock: Number(stock) }));

/** Inserts products; existing SKUs are left as they are. Resolves to the number inserted. */
export async function seedProducts(pool: Pool, products: SeedProduct[] = GROCERY_CATALOG): Promise<number> {
  const result = await pool.query(
    `INSERT INTO items (sku, title, blurb, price, in_stock)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::numeric[], $5::int[])
     ON CONFLICT (sku) DO NOTHING`,
    [products.map((p) => p.sku), products.map((p) => p.title), products.map((p) => p.blurb ?? ''), products.map((p) => p.price), products.map((p) => p.in_stock)],
  );
  return result.rowCount ?? 0;
}
