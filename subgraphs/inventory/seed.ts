import { createHash } from 'node:crypto';
import type { Pool } from '../../lib/db.js';

export type DemoCatalogVariant = 'books' | 'hardware';

export interface SeedDemoCatalogOptions {
  storeId: string;
  /** Which demo catalog; by default chosen from the store id ("book…" → books, else hardware). */
  variant?: DemoCatalogVariant;
  /** ISO-4217 currency of the prices (the store's currency); default USD. */
  currency?: string;
}

interface DemoItem {
  /** the first 12 digits of the EAN-13; the check digit is computed */
  code: string;
  name: string;
  description: string;
  /** cents */
  price: number;
  stock: number;
}

/** EAN-13 check digit: weights 1,3,1,3… over the first 12 digits. */
export function ean13CheckDigit(first12: string): number {
  if (!/^\d{12}$/.test(first12)) throw new Error(`not 12 digits: ${first12}`);
  const sum = [...first12].reduce((acc, digit, i) => acc + Number(digit) * (i % 2 === 0 ? 1 : 3), 0);
  return (10 - (sum % 10)) % 10;
}

export function isValidEan13(code: string): boolean {
  return /^\d{13}$/.test(code) && ean13CheckDigit(code.slice(0, 12)) === Number(code[12]);
}

// Books carry their ISBN-13 (978/979 prefix) as bar code, the same at every bookshop.
const BOOKS: DemoItem[] = [
  { code: '978014143951', name: 'Pride and Prejudice', description: 'Jane Austen. Paperback, 480 pages, with an introduction and notes.', price: 899, stock: 42 },
  { code: '978014144114', name: 'Frankenstein', description: 'Mary Shelley. The 1818 text, paperback, 352 pages.', price: 799, stock: 35 },
  { code: '978014303943', name: 'Moby-Dick', description: 'Herman Melville. Deluxe paperback edition, 720 pages.', price: 1450, stock: 18 },
  { code: '978014118776', name: 'Nineteen Eighty-Four', description: 'George Orwell. Modern classics paperback, 336 pages.', price: 999, stock: 120 },
  { code: '978006112008', name: 'To Kill a Mockingbird', description: 'Harper Lee. Paperback, 336 pages.', price: 1099, stock: 64 },
  { code: '978074327356', name: 'The Great Gatsby', description: 'F. Scott Fitzgerald. Paperback, 180 pages.', price: 1200, stock: 75 },
  { code: '978014044913', name: 'Crime and Punishment', description: 'Fyodor Dostoyevsky, translated by David McDuff. Paperback, 720 pages.', price: 1350, stock: 22 },
  { code: '978014044926', name: 'War and Peace', description: 'Leo Tolstoy, translated by Anthony Briggs. Paperback, 1,440 pages.', price: 2200, stock: 9 },
  { code: '978019953556', name: 'Jane Eyre', description: 'Charlotte Brontë. World\'s Classics paperback, 560 pages.', price: 850, stock: 31 },
  { code: '978014143955', name: 'Wuthering Heights', description: 'Emily Brontë. Paperback, 448 pages.', price: 799, stock: 27 },
  { code: '978014028329', name: 'The Odyssey', description: 'Homer, translated by Robert Fagles. Paperback, 560 pages.', price: 1699, stock: 14 },
  { code: '978055338016', name: 'A Brief History of Time', description: 'Stephen Hawking. Updated and expanded tenth anniversary edition, paperback.', price: 1899, stock: 40 },
  { code: '978030747427', name: 'The Road', description: 'Cormac McCarthy. Paperback, 304 pages.', price: 1599, stock: 33 },
  { code: '978000744803', name: 'The Hobbit', description: 'J.R.R. Tolkien. Illustrated paperback, 320 pages.', price: 1099, stock: 88 },
  { code: '978034540946', name: 'Dune', description: 'Frank Herbert. Mass market paperback, 896 pages.', price: 1099, stock: 56 },
  { code: '978006093546', name: 'Brave New World', description: 'Aldous Huxley. Paperback, 288 pages.', price: 1050, stock: 47 },
  { code: '978014119424', name: 'Dracula', description: 'Bram Stoker. Penguin Classics paperback, 512 pages.', price: 899, stock: 25 },
  { code: '978159308197', name: 'The Count of Monte Cristo', description: 'Alexandre Dumas. Barnes & Noble Classics paperback, 1,276 pages.', price: 1995, stock: 11 },
  { code: '978037570402', name: 'Beloved', description: 'Toni Morrison. Vintage paperback, 324 pages.', price: 1700, stock: 19 },
  { code: '978006231500', name: 'The Alchemist', description: 'Paulo Coelho. 25th anniversary edition, paperback, 208 pages.', price: 1299, stock: 150 },
  { code: '978030727778', name: 'Thinking, Fast and Slow', description: 'Daniel Kahneman. Paperback, 512 pages.', price: 1800, stock: 38 },
  { code: '978026201825', name: 'Structure and Interpretation of Computer Programs', description: 'Abelson and Sussman. Second edition, paperback, 657 pages.', price: 5500, stock: 6 },
  { code: '978013110362', name: 'The C Programming Language', description: 'Kernighan and Ritchie. Second edition, paperback, 272 pages.', price: 6700, stock: 8 },
  { code: '978020161622', name: 'The Pragmatic Programmer', description: 'Hunt and Thomas. 20th anniversary edition, hardcover, 352 pages.', price: 4999, stock: 12 },
  { code: '978184749417', name: 'Norwegian Wood', description: 'Haruki Murakami, translated by Jay Rubin. Paperback, 400 pages.', price: 1099, stock: 29 },
  { code: '978057131020', name: 'Never Let Me Go', description: 'Kazuo Ishiguro. Paperback, 288 pages.', price: 999, stock: 44 },
];

// Hardware items carry the store's own bar codes: prefix + company number (per store) + item reference.
const HARDWARE: { ref: string; name: string; description: string; price: number; stock: number }[] = [
  { ref: '00101', name: 'Claw hammer 16 oz', description: 'Forged steel head, fibreglass handle with anti-vibration grip.', price: 1899, stock: 60 },
  { ref: '00102', name: 'Screwdriver set, 8 pieces', description: 'Slotted and Phillips, chrome-vanadium shafts, magnetic tips.', price: 2450, stock: 45 },
  { ref: '00103', name: 'Tape measure 5 m', description: '25 mm wide blade, auto lock, belt clip.', price: 1295, stock: 110 },
  { ref: '00104', name: 'Cordless drill 18 V', description: 'Two-speed brushless drill driver, 2 x 2.0 Ah batteries, charger and case.', price: 12900, stock: 14 },
  { ref: '00105', name: 'HSS drill bit set, 19 pieces', description: '1–10 mm in 0.5 mm steps, titanium coated, metal case.', price: 2199, stock: 38 },
  { ref: '00106', name: 'Spirit level 60 cm', description: 'Aluminium frame, three vials, accurate to 0.5 mm/m.', price: 1650, stock: 32 },
  { ref: '00107', name: 'Adjustable wrench 250 mm', description: 'Jaw capacity 30 mm, chrome finish.', price: 1399, stock: 50 },
  { ref: '00108', name: 'Combination pliers 180 mm', description: 'Induction-hardened cutting edges, two-component grips.', price: 1150, stock: 55 },
  { ref: '00109', name: 'Utility knife with 10 blades', description: 'Retractable trapezoid blade, metal body, blade storage in the handle.', price: 899, stock: 140 },
  { ref: '00110', name: 'Wood screws 4 x 40 mm, 200 pieces', description: 'Zinc plated, countersunk, Pozidriv PZ2, partial thread.', price: 749, stock: 200 },
  { ref: '00111', name: 'Wall plugs 6 mm, 100 pieces', description: 'Nylon expansion plugs for concrete and solid brick.', price: 499, stock: 180 },
  { ref: '00112', name: 'Hand saw 500 mm', description: 'Hardened triple-ground teeth, 7 TPI, for timber and boards.', price: 1999, stock: 26 },
  { ref: '00113', name: 'Random orbital sander 125 mm', description: '300 W, variable speed, dust bag and hook-and-loop pad.', price: 6999, stock: 11 },
  { ref: '00114', name: 'Sanding discs 125 mm, assorted, 25 pieces', description: 'Grits 60/80/120/180/240, 8 holes.', price: 999, stock: 95 },
  { ref: '00115', name: 'Work gloves, size L', description: 'Nitrile-coated palms, breathable knit back, EN 388.', price: 599, stock: 150 },
  { ref: '00116', name: 'Safety glasses', description: 'Polycarbonate lens, anti-scratch and anti-fog, EN 166.', price: 699, stock: 120 },
  { ref: '00117', name: 'Extension cord 10 m', description: '3 x 1.5 mm² cable, three sockets, thermal cut-out.', price: 2299, stock: 40 },
  { ref: '00118', name: 'LED work light 20 W', description: '2,000 lumen, IP65, folding stand, 2 m cable.', price: 2799, stock: 23 },
  { ref: '00119', name: 'Silicone sealant, clear, 300 ml', description: 'Sanitary grade, mould resistant, for kitchens and bathrooms.', price: 649, stock: 85 },
  { ref: '00120', name: 'Caulking gun', description: 'Skeleton frame for 310 ml cartridges, smooth ratchet.', price: 799, stock: 48 },
  { ref: '00121', name: 'Painter\'s tape 36 mm x 50 m', description: 'Clean removal up to 14 days, indoor use.', price: 549, stock: 130 },
  { ref: '00122', name: 'Paint roller set 180 mm', description: 'Roller, two covers and tray, for emulsion on walls and ceilings.', price: 1499, stock: 36 },
  { ref: '00123', name: 'Step ladder, 4 steps', description: 'Aluminium, 150 kg load, tool tray, non-slip feet.', price: 5999, stock: 9 },
  { ref: '00124', name: 'Toolbox 19 inch', description: 'Impact-resistant plastic, removable tray, metal latches.', price: 2499, stock: 30 },
  { ref: '00125', name: 'Stud finder', description: 'Detects wood, metal and live AC wires up to 38 mm deep.', price: 2999, stock: 17 },
  { ref: '00126', name: 'Cable ties 200 mm, 100 pieces', description: 'UV-resistant black nylon, 22 kg tensile strength.', price: 399, stock: 175 },
];

/** A GS1-style company number derived from the store id, so each hardware store has its own bar codes. */
function companyNumber(storeId: string): string {
  const n = createHash('sha256').update(storeId).digest().readUInt32BE(0) % 100_000;
  return String(n).padStart(5, '0');
}

function defaultVariant(storeId: string): DemoCatalogVariant {
  return /book|read|libr/i.test(storeId) ? 'books' : 'hardware';
}

/** The demo items of a variant, with full EAN-13 bar codes. */
export function demoCatalog(options: SeedDemoCatalogOptions): { sku: string; name: string; description: string; price: number; stock: number }[] {
  const variant = options.variant ?? defaultVariant(options.storeId);
  const items: DemoItem[] =
    variant === 'books'
      ? BOOKS
      : HARDWARE.map(({ ref, ...rest }) => ({ code: `40${companyNumber(options.storeId)}${ref}`, ...rest }));
  return items.map(({ code, ...rest }) => ({ sku: `${code}${ean13CheckDigit(code)}`, ...rest }));
}

/**
 * Inserts a demo catalog (a bookshop or a hardware store); existing SKUs are left as
 * they are, so re-running it on a live store changes nothing. Resolves to the number
 * of items inserted.
 */
export async function seedDemoCatalog(pool: Pool, options: SeedDemoCatalogOptions): Promise<number> {
  const currency = (options.currency ?? 'USD').toUpperCase();
  const items = demoCatalog(options);
  const result = await pool.query(
    `INSERT INTO items (sku, name, description, price_amount, currency, stock_on_hand)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::int[])
     ON CONFLICT (sku) DO NOTHING`,
    [
      items.map((i) => i.sku),
      items.map((i) => i.name),
      items.map((i) => i.description),
      items.map((i) => i.price),
      items.map(() => currency),
      items.map((i) => i.stock),
    ],
  );
  return result.rowCount ?? 0;
}
