import type { CoreCard, CoreTransaction } from '../core-banking/core-banking.port.js';

/** A core-banking customer as the simulator holds it in memory. */
export interface SimulatedCustomer {
  customerRef: string;
  /** New cards (reissues) continue this numbering, e.g. card_trv_4. */
  cardPrefix: string;
  cards: CoreCard[];
  transactions: CoreTransaction[];
  /** Devices signed in to the mobile app. */
  appSessions: number;
  /** Mobile-wallet tokens per card ref; a card missing here is in no wallet. */
  walletTokens: Record<string, number>;
  /** Where the bank sends the customer's post (and new cards, unless told otherwise). */
  address: string;
}

const STREETS = ['Rua Augusta', 'Calle Mayor', 'Tverskaya ulitsa', 'Via Roma', 'Nevsky Prospekt'];

/** Any ref of this shape is a valid customer, so tests and benchmarks can mint fresh ones. */
export const GENERATED_CUSTOMER = /^cust-[a-z0-9-]+$/i;
/** Generated customers charged twice for one purchase: `cust-double-…`, `cust-x-double-…`. */
export const DOUBLE_CHARGED = /-double-/i;
/** Card refs of generated customers carry the customer ref, so a card can be found before its customer is listed. */
export const GENERATED_CARD = /^card_(cust-[a-z0-9-]+)_\d+$/i;

type Purchase = [cardNo: number, merchant: string, city: string, amount: number, daysAgo: number, hourUtc: number];

interface CustomerSketch {
  customerRef: string;
  cardPrefix: string;
  products: string[];
  currency: string;
  purchases: Purchase[];
  /** Which purchases the fraud engine flagged: a foreign city, an odd hour, an odd amount. */
  suspicious: number[];
}

const DEMO_CUSTOMERS: CustomerSketch[] = [
  {
    customerRef: 'demo-traveller',
    cardPrefix: 'card_trv_',
    products: ['Visa Classic Debit', 'Mastercard World Credit', 'Visa Travel Multi-currency'],
    currency: 'EUR',
    purchases: [
      [1, 'Pingo Doce', 'Lisbon', 34.2, 3, 18],
      [3, 'TAP Air Portugal', 'Lisbon', 412.0, 3, 9],
      [3, 'Hotel Arts', 'Barcelona', 289.5, 1, 15],
      [2, 'Electronics Hub', 'Lagos', 1899.99, 0, 3],
      [2, 'Duty Free Online', 'Bangkok', 740.0, 0, 4],
      [1, 'Uber', 'Barcelona', 18.4, 0, 8],
    ],
    suspicious: [3, 4],
  },
  {
    customerRef: 'demo-student',
    cardPrefix: 'card_stu_',
    products: ['Visa Student Debit', 'Mastercard Virtual'],
    currency: 'EUR',
    purchases: [
      [1, 'Campus Cafe', 'Porto', 4.5, 2, 10],
      [2, 'Spotify', 'Stockholm', 5.99, 2, 0],
      [1, 'Bookshop Lello', 'Porto', 22.0, 1, 16],
      [2, 'Gaming Credits Ltd', 'Manila', 499.0, 0, 2],
      [2, 'Gaming Credits Ltd', 'Manila', 499.0, 0, 2],
      [1, 'Metro do Porto', 'Porto', 1.6, 0, 8],
    ],
    suspicious: [3, 4],
  },
  {
    customerRef: 'demo-family',
    cardPrefix: 'card_fam_',
    products: ['Visa Gold Debit', 'Visa Gold Debit (joint)', 'Mastercard Kids Prepaid', 'Mastercard Platinum Credit'],
    currency: 'EUR',
    purchases: [
      [1, 'Continente', 'Coimbra', 126.3, 4, 17],
      [3, 'School Canteen', 'Coimbra', 12.0, 3, 12],
      [4, 'IKEA', 'Lisbon', 349.0, 2, 14],
      [2, 'Pharmacy Central', 'Coimbra', 27.8, 1, 11],
      [4, 'Luxury Watches', 'Dubai', 6450.0, 0, 1],
      [3, 'App Store', 'Cork', 89.99, 0, 5],
    ],
    suspicious: [4, 5],
  },
  {
    customerRef: 'demo-business',
    cardPrefix: 'card_biz_',
    products: ['Visa Business Debit', 'Mastercard Corporate Credit', 'Visa Fuel Card'],
    currency: 'EUR',
    purchases: [
      [1, 'Office Depot', 'Madrid', 215.4, 4, 10],
      [3, 'Repsol', 'Madrid', 78.2, 3, 7],
      [2, 'Iberia', 'Madrid', 530.0, 2, 13],
      [2, 'Cloud Hosting Inc', 'Kyiv', 2980.0, 1, 3],
      [3, 'Repsol', 'Toledo', 81.0, 1, 16],
      [1, 'Wire Transfer Fees', 'Minsk', 1200.0, 0, 2],
    ],
    suspicious: [3, 5],
  },
];

const GENERATED_PRODUCTS = ['Visa Classic Debit', 'Mastercard Standard Credit', 'Visa Virtual'];
const GENERATED_MERCHANTS: [merchant: string, city: string][] = [
  ['Grocery Market', 'Lisbon'],
  ['Coffee Corner', 'Lisbon'],
  ['Fuel Station', 'Sintra'],
  ['Online Marketplace', 'Dublin'],
  ['Electronics Outlet', 'Lagos'],
  ['Crypto Exchange', 'Tallinn'],
];

/** The demo customers, fresh for each simulator so tests never share state. */
export function seedDemoCustomers(now: Date): SimulatedCustomer[] {
  return DEMO_CUSTOMERS.map((sketch) => buildCustomer(sketch, now));
}

/** Same ref, same cards and transactions: deterministic so runs are reproducible. */
export function generateCustomer(customerRef: string, now: Date): SimulatedCustomer {
  const seed = hash(customerRef.toLowerCase());
  const purchases = GENERATED_MERCHANTS.map(([merchant, city], i): Purchase => [
    (i % 3) + 1,
    merchant,
    city,
    Math.round(((seed >>> i) % 20_000) + 150) / 100,
    5 - i,
    i >= 4 ? 3 : 9 + i,
  ]);
  // A ref with `-double-` in it was charged twice for the same thing (same card, amount and minute): the dispute to tell apart.
  const doubled = DOUBLE_CHARGED.test(customerRef);
  if (doubled) purchases.push(purchases[5]);
  return buildCustomer(
    { customerRef, cardPrefix: `card_${customerRef}_`, products: GENERATED_PRODUCTS, currency: 'EUR', purchases, suspicious: doubled ? [4, 5, 6] : [4, 5] },
    now,
  );
}

function buildCustomer(sketch: CustomerSketch, now: Date): SimulatedCustomer {
  const cards = sketch.products.map((product, i) => newCard(`${sketch.cardPrefix}${i + 1}`, product));
  const transactions = sketch.purchases
    .map(([cardNo, merchant, city, amount, daysAgo, hourUtc], i): CoreTransaction => ({
      id: `txn_${sketch.cardPrefix.slice(5)}${i + 1}`,
      cardRef: `${sketch.cardPrefix}${cardNo}`,
      at: atUtc(now, daysAgo, hourUtc).toISOString(),
      amount,
      currency: sketch.currency,
      merchant,
      city,
      suspicious: sketch.suspicious.includes(i),
    }))
    // ISO-8601 UTC times sort as plain text; localeCompare costs more than the rest of a customer.
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  // Every customer starts signed in on a phone and a tablet, with each card in the phone's wallet.
  const walletTokens = Object.fromEntries(cards.map((card) => [card.cardRef, 1]));
  const seed = hash(sketch.customerRef);
  const address = `${(seed % 120) + 1} ${STREETS[seed % STREETS.length]}, apt ${(seed % 40) + 1}`;
  return { customerRef: sketch.customerRef, cardPrefix: sketch.cardPrefix, cards, transactions, appSessions: 2, walletTokens, address };
}

/** An active card whose last 4 digits follow from its ref. */
export function newCard(cardRef: string, product: string): CoreCard {
  return { cardRef, last4: String(hash(cardRef) % 10_000).padStart(4, '0'), product, status: 'active' };
}

/** A moment `daysAgo` days back at the given UTC hour, never in the future. */
function atUtc(now: Date, daysAgo: number, hourUtc: number): Date {
  const at = new Date(now);
  at.setUTCDate(at.getUTCDate() - daysAgo);
  at.setUTCHours(hourUtc, 17, 0, 0);
  if (at > now) at.setUTCDate(at.getUTCDate() - 1);
  return at;
}

/** FNV-1a: a stable small hash for deterministic demo data. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (const char of text) h = Math.imul(h ^ char.charCodeAt(0), 0x01000193);
  return h >>> 0;
}
