import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { OrderModel, StoreOrderModel, OrderLineModel, PaymentModel, TransactionModel, ShipmentModel, ShippingRateModel } from '../domain/model.js';
import type { GiftCertificateModel } from '../domain/gift-certificates.js';
import type { PaymentContext } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  DateTime: { input: string; output: Date | string; }
  _FieldSet: { input: unknown; output: unknown; }
};

/** No account with this id exists. */
export type AccountNotFoundError = ErrorResult & {
  __typename?: 'AccountNotFoundError';
  accountId: Scalars['ID']['output'];
  code: ErrorCode;
  message: Scalars['String']['output'];
};

export type BuyGiftCertificateInput = {
  /** Minor units, 1 to 10000000. */
  amount: Scalars['Int']['input'];
  /** ISO 4217, upper case (e.g. USD). */
  currency: Scalars['String']['input'];
  /** A repeat with the same key returns the first result and charges once; the same key with other input is refused. */
  idempotencyKey: Scalars['String']['input'];
  /** Shown to the recipient (at most 500 characters). */
  message?: InputMaybe<Scalars['String']['input']>;
  payment: PaymentInput;
  /** Who gets the certificate: the code is emailed there. */
  recipientEmail: Scalars['String']['input'];
};

export type BuyGiftCertificateResult = CardDeclinedError | CardInvalidError | GiftCertificatePurchase | IdempotencyKeyReusedError | InvalidInputError | RequestInProgressError;

export type CardDeclinedError = ErrorResult & {
  __typename?: 'CardDeclinedError';
  code: ErrorCode;
  declineCode: Scalars['String']['output'];
  message: Scalars['String']['output'];
};

export type CardInput = {
  cvc: Scalars['String']['input'];
  expMonth: Scalars['Int']['input'];
  expYear: Scalars['Int']['input'];
  number: Scalars['String']['input'];
};

/** The card failed the pre-check (length, brand prefix, Luhn, expiry); it was not sent anywhere. */
export type CardInvalidError = ErrorResult & {
  __typename?: 'CardInvalidError';
  code: ErrorCode;
  message: Scalars['String']['output'];
  reason: Scalars['String']['output'];
};

export type CheckoutCartVersionMismatchError = ErrorResult & {
  __typename?: 'CheckoutCartVersionMismatchError';
  code: ErrorCode;
  currentVersion: Scalars['Int']['output'];
  expectedVersion: Scalars['Int']['output'];
  message: Scalars['String']['output'];
};

export type CheckoutInProgressError = ErrorResult & {
  __typename?: 'CheckoutInProgressError';
  code: ErrorCode;
  message: Scalars['String']['output'];
};

export type CheckoutInput = {
  cartVersion?: InputMaybe<Scalars['Int']['input']>;
  /** Where the order's emails go (order placed, order shipped); none are sent without one. */
  contactEmail?: InputMaybe<Scalars['String']['input']>;
  /** A repeat with the same key returns the first result and charges once; the same key with other input is refused. */
  idempotencyKey: Scalars['String']['input'];
  /** The card; may be left out when nothing is left for a card to pay (gift certificates cover it). Missing when needed: InvalidInputError (field `payment`). */
  payment?: InputMaybe<PaymentInput>;
  /** Pay what the exchange collects from the caller's gift balance first (account sessions only; soonest-expiring certificates first, the card pays the rest). */
  useGiftBalance?: InputMaybe<Scalars['Boolean']['input']>;
};

export type CheckoutResult = CardDeclinedError | CardInvalidError | CheckoutCartVersionMismatchError | CheckoutInProgressError | CheckoutTicketExpiredError | EmptyCartError | IdempotencyKeyReusedError | InvalidInputError | MixedCurrenciesError | Order | PaymentDeclinedByStoreError | StoreUnavailableError;

/** A line of the cart expired before checkout; nothing was charged. */
export type CheckoutTicketExpiredError = ErrorResult & {
  __typename?: 'CheckoutTicketExpiredError';
  code: ErrorCode;
  expiredAt: Scalars['DateTime']['output'];
  message: Scalars['String']['output'];
  sku: Scalars['String']['output'];
  storeId: Scalars['ID']['output'];
  ticketId: Scalars['ID']['output'];
};

export type ClaimGiftCertificateResult = GiftCertificate | GiftCertificateClaimedError | GiftCertificateExpiredError | GiftCertificateNotFoundError | RateLimitedError;

export type EmptyCartError = ErrorResult & {
  __typename?: 'EmptyCartError';
  code: ErrorCode;
  message: Scalars['String']['output'];
};

export type ErrorCode =
  | 'ACCOUNT_NOT_FOUND'
  | 'CARD_DECLINED'
  | 'CARD_INVALID'
  | 'CART_VERSION_MISMATCH'
  | 'CHECKOUT_IN_PROGRESS'
  | 'EMPTY_CART'
  | 'GIFT_CERTIFICATE_CLAIMED'
  | 'GIFT_CERTIFICATE_EXPIRED'
  | 'GIFT_CERTIFICATE_NOT_FOUND'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'ILLEGAL_TRANSITION'
  | 'INVALID_INPUT'
  | 'MIXED_CURRENCIES'
  | 'NOTHING_TO_PAY_OUT'
  | 'NOTHING_UNPAID'
  | 'ORDER_NOT_FOUND'
  | 'PAYMENT_DECLINED_BY_STORE'
  | 'PRICE_RULE_NOT_FOUND'
  | 'RATE_LIMITED'
  | 'REQUEST_IN_PROGRESS'
  | 'STORE_UNAVAILABLE'
  | 'TICKET_EXPIRED';

export type ErrorResult = {
  code: ErrorCode;
  message: Scalars['String']['output'];
};

/** One row of the order's money: every authorization, capture, refund and void is one. */
export type FinancialTransaction = {
  __typename?: 'FinancialTransaction';
  amount: Money;
  /** Provider calls made so far. */
  attempts: Scalars['Int']['output'];
  /** Who carried it out: the exchange's provider, or the store's own payment endpoint (its parts of orders when it runs its own payment handling). */
  collectedBy: PaymentCollector;
  createdAt: Scalars['DateTime']['output'];
  /**
   * The part paid from (captures) or given back to (refunds; the void of the order's authorization: the
   * unspent gift part) the shopper's gift certificates; `amount` is the card's part. A row with a card
   * amount of 0 never reaches the provider. When a row with both parts ends DECLINED or FAILED its gift
   * part is carried on: a shipment's card payment by a capture of the gift part alone (no parentId), a
   * refund by a refund of the gift part alone; a void gives it back with its failure.
   */
  giftCertificateAmount: Money;
  id: Scalars['ID']['output'];
  kind: TransactionKind;
  /** The last provider error (retried until attempts run out). */
  lastError?: Maybe<Scalars['String']['output']>;
  /** A capture's authorization, a refund's capture, a void's authorization. */
  parentId?: Maybe<Scalars['ID']['output']>;
  /**
   * An authorization on the shopper's new card made by `payUnpaidBalance`, or its capture: it pays the
   * card parts of shipments whose card payment ended DECLINED or FAILED (no storeId, no shipmentId of its
   * own; returns of those shipments' items are refunded against the capture).
   */
  paysUnpaidBalance: Scalars['Boolean']['output'];
  settledAt?: Maybe<Scalars['DateTime']['output']>;
  /**
   * A shipment's card payment that ended DECLINED or FAILED: the `payUnpaidBalance` authorization that paid
   * its card part since (approved, and its capture not failed); null while it is unpaid (Order.unpaidAmount).
   */
  settledBy?: Maybe<Scalars['ID']['output']>;
  /** The shipment it pays for (authorizations and captures) or gives back for (refunds). */
  shipmentId?: Maybe<Scalars['ID']['output']>;
  status: TransactionStatus;
  /** The store whose part it is for; null for the order's own authorization and its void. */
  storeId?: Maybe<Scalars['ID']['output']>;
};

/** The caller's gift balance: what can be spent now. */
export type GiftBalance = {
  __typename?: 'GiftBalance';
  /** Active certificates with a balance, soonest-expiring first (the order they are spent in). */
  certificates: Array<GiftCertificate>;
  /** Per currency, by currency. */
  total: Array<Money>;
};

/**
 * One gift certificate. Its code is never shown here: it is emailed once to its recipient.
 * Spending takes the soonest-expiring certificate first; what is not spent stays on it.
 */
export type GiftCertificate = {
  __typename?: 'GiftCertificate';
  balance: Money;
  claimedAt?: Maybe<Scalars['DateTime']['output']>;
  createdAt: Scalars['DateTime']['output'];
  expiresAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  initialAmount: Money;
  /** The giver's note. */
  message?: Maybe<Scalars['String']['output']>;
  source: GiftCertificateSource;
  state: GiftCertificateState;
};

/** The gift certificate was already claimed (by this or another account). */
export type GiftCertificateClaimedError = ErrorResult & {
  __typename?: 'GiftCertificateClaimedError';
  code: ErrorCode;
  message: Scalars['String']['output'];
};

/** The gift certificate expired before it was claimed. */
export type GiftCertificateExpiredError = ErrorResult & {
  __typename?: 'GiftCertificateExpiredError';
  code: ErrorCode;
  expiredAt: Scalars['DateTime']['output'];
  message: Scalars['String']['output'];
};

/** No gift certificate matches this code (which part of it is wrong is not told). */
export type GiftCertificateNotFoundError = ErrorResult & {
  __typename?: 'GiftCertificateNotFoundError';
  code: ErrorCode;
  message: Scalars['String']['output'];
};

/** A certificate bought for someone else: charged to the card; its code went to the recipient by email (never to the buyer). */
export type GiftCertificatePurchase = {
  __typename?: 'GiftCertificatePurchase';
  amountCharged: Money;
  certificate: GiftCertificate;
  recipientEmail: Scalars['String']['output'];
};

export type GiftCertificateSource =
  /** Given by an operator, straight onto an account. */
  | 'ISSUED'
  /** Bought by a shopper (for someone else) by card. */
  | 'PURCHASED'
  /** A refund's credit for a certificate that had expired meanwhile, re-issued fresh (valid 90 days). */
  | 'REFUND';

export type GiftCertificateState =
  /** On an account, with balance left to spend. */
  | 'ACTIVE'
  /** Past its expiry: what is left can no longer be used. */
  | 'EXPIRED'
  /** On an account, nothing left. */
  | 'SPENT'
  /** Bought for someone else; its recipient claims it with the code from their email. */
  | 'UNCLAIMED';

export type IdempotencyKeyReusedError = ErrorResult & {
  __typename?: 'IdempotencyKeyReusedError';
  code: ErrorCode;
  message: Scalars['String']['output'];
};

/** A line is not in a state that allows the move; nothing was changed. */
export type IllegalTransitionError = ErrorResult & {
  __typename?: 'IllegalTransitionError';
  code: ErrorCode;
  from: OrderItemStatus;
  lineId: Scalars['ID']['output'];
  message: Scalars['String']['output'];
  to: OrderItemStatus;
};

export type InvalidInputError = ErrorResult & {
  __typename?: 'InvalidInputError';
  code: ErrorCode;
  field?: Maybe<Scalars['String']['output']>;
  message: Scalars['String']['output'];
};

export type IssueGiftCertificateInput = {
  /** The account the certificate goes to (its email gets the news). */
  accountId: Scalars['ID']['input'];
  /** Minor units, 1 to 10000000. */
  amount: Scalars['Int']['input'];
  /** ISO 4217, upper case (e.g. USD). */
  currency: Scalars['String']['input'];
  /** In the future (at most 10 years ahead). */
  expiresAt: Scalars['DateTime']['input'];
  /** A repeat with the same key returns the first result and issues once; the same key with other input is refused. */
  idempotencyKey: Scalars['String']['input'];
  /** Shown to the recipient (at most 500 characters). */
  message?: InputMaybe<Scalars['String']['input']>;
};

export type IssueGiftCertificateResult = AccountNotFoundError | GiftCertificate | IdempotencyKeyReusedError | InvalidInputError | RequestInProgressError;

export type Item = {
  __typename?: 'Item';
  sku: Scalars['String']['output'];
  storeId: Scalars['ID']['output'];
};

export type ItemsVoided = {
  __typename?: 'ItemsVoided';
  storeOrder: StoreOrder;
};

/** One ledger account's balance in one currency. Debit-positive: asset and expense accounts are normally positive, liability and revenue accounts negative. */
export type LedgerAccountBalance = {
  __typename?: 'LedgerAccountBalance';
  /** e.g. asset:provider-clearing, liability:store-payable:<storeId>, revenue:exchange-fees, liability:gift-certificates */
  account: Scalars['String']['output'];
  balance: Money;
};

export type LinesInput = {
  /** A repeat with the same key and input returns the first result; other input is refused. */
  idempotencyKey: Scalars['String']['input'];
  lineIds: Array<Scalars['ID']['input']>;
  storeOrderId: Scalars['ID']['input'];
};

export type MixedCurrenciesError = ErrorResult & {
  __typename?: 'MixedCurrenciesError';
  code: ErrorCode;
  message: Scalars['String']['output'];
};

export type Money = {
  __typename?: 'Money';
  amount: Scalars['Int']['output'];
  currency: Scalars['String']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Shopper: buy a gift certificate for someone else, charged to the card now; the code is emailed to the recipient, never returned here. Valid 1 year. */
  buyGiftCertificate: BuyGiftCertificateResult;
  /** Buy the cart: price on the server, split per store, charge once, commit each store's stock. */
  checkout: CheckoutResult;
  /**
   * Account: claim a gift certificate with the code from its email; it joins the caller's gift balance.
   * Rate limited: after 5 refused claims of the account, or from the client's IP, within 15 minutes,
   * every claim is refused (RateLimitedError, a correct code included) until the window has passed.
   */
  claimGiftCertificate: ClaimGiftCertificateResult;
  /** Operator: put a gift certificate straight onto an account (GIFT_CERTIFICATE_ISSUED in the ledger); the account's email is told. */
  issueGiftCertificate: IssueGiftCertificateResult;
  /**
   * Shopper: pay what is unpaid on one of the caller's orders (Order.unpaidAmount: shipped items whose
   * card payment was declined or failed) with another card. The whole amount is authorized on the card
   * now and captured right after; the shipments it pays are then paid (unpaidAmount 0) and later returns
   * of their items are refunded to this card. Declined: CardDeclinedError, nothing changes.
   */
  payUnpaidBalance: PayUnpaidBalanceResult;
  /**
   * Pay a store its whole payable balance in one currency (operator only). `currency` may be
   * omitted when the store is owed in one currency only. A repeat with the same key returns
   * the first result and pays once; the same key for another store or currency is refused.
   */
  payoutStore: PayoutStoreResult;
  /** Store: shipped lines came back (SHIPPED → RECEIVED_BACK); their totals are refunded (shipping is not). */
  receiveReturn: ReceiveReturnResult;
  /**
   * Operator: an unclaimed, unexpired certificate whose email was lost gets a fresh code (the old one
   * stops working), emailed to its recipient (or to `recipientEmail`, which then becomes its recipient).
   * The code is never returned. A repeat with the same key returns the first result and sends one email.
   */
  reissueGiftCertificateCode: ReissueGiftCertificateCodeResult;
  /** Store: remove one of its price rules. */
  removePriceRule: RemovePriceRuleResult;
  /** Store: add a price rule (or change the price of the rule with the same definition). */
  setPriceRule: SetPriceRuleResult;
  /** Store: its shipping rate. */
  setShippingRate: SetShippingRateResult;
  /** Store: lines of its part shipped in one parcel (TO_BE_SHIPPED → SHIPPED); the money for them is captured. */
  shipItems: ShipItemsResult;
  /** Store: lines it cannot ship (TO_BE_SHIPPED → VOID); its own stock is its own business. */
  voidItems: VoidItemsResult;
};


export type MutationBuyGiftCertificateArgs = {
  input: BuyGiftCertificateInput;
};


export type MutationCheckoutArgs = {
  input: CheckoutInput;
};


export type MutationClaimGiftCertificateArgs = {
  code: Scalars['String']['input'];
};


export type MutationIssueGiftCertificateArgs = {
  input: IssueGiftCertificateInput;
};


export type MutationPayUnpaidBalanceArgs = {
  input: PayUnpaidBalanceInput;
};


export type MutationPayoutStoreArgs = {
  currency?: InputMaybe<Scalars['String']['input']>;
  idempotencyKey: Scalars['String']['input'];
  storeId: Scalars['ID']['input'];
};


export type MutationReceiveReturnArgs = {
  input: LinesInput;
};


export type MutationReissueGiftCertificateCodeArgs = {
  certificateId: Scalars['ID']['input'];
  idempotencyKey: Scalars['String']['input'];
  recipientEmail?: InputMaybe<Scalars['String']['input']>;
};


export type MutationRemovePriceRuleArgs = {
  id: Scalars['ID']['input'];
};


export type MutationSetPriceRuleArgs = {
  input: PriceRuleInput;
};


export type MutationSetShippingRateArgs = {
  input: SetShippingRateInput;
};


export type MutationShipItemsArgs = {
  input: ShipItemsInput;
};


export type MutationVoidItemsArgs = {
  input: LinesInput;
};

/** The store is owed nothing right now (in the named currency, when one was given). */
export type NothingToPayOutError = ErrorResult & {
  __typename?: 'NothingToPayOutError';
  code: ErrorCode;
  message: Scalars['String']['output'];
  storeId: Scalars['ID']['output'];
};

/** The order has nothing unpaid for the exchange to collect (Order.unpaidAmount is 0 for its card parts); nothing was charged. */
export type NothingUnpaidError = ErrorResult & {
  __typename?: 'NothingUnpaidError';
  code: ErrorCode;
  message: Scalars['String']['output'];
  orderId: Scalars['ID']['output'];
};

export type Order = {
  __typename?: 'Order';
  /** Authorized on the card by the exchange: total less the gift certificates' part (and less the parts whose stores collect themselves). */
  cardAmount: Money;
  /** Where the order's emails go (null: none are sent). */
  contactEmail?: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  /** Paid from the shopper's gift certificates (debited at checkout, soonest-expiring first; recognised as shipments are captured). */
  giftCertificateAmount: Money;
  id: Scalars['ID']['output'];
  itemsTotal: Money;
  parts: Array<StoreOrder>;
  /** The exchange's card authorization; null when no card was charged (gift certificates paid all the exchange collects, or stores that run their own payment handling collect every part: the exchange's provider is never called). */
  payment?: Maybe<Payment>;
  shippingTotal: Money;
  status: OrderStatus;
  /** itemsTotal + shippingTotal: what was authorized at checkout (parts paid by STORE at their stores, the rest by the exchange: `payment`). */
  total: Money;
  /** Every financial transaction of the order, oldest first. */
  transactions: Array<FinancialTransaction>;
  /**
   * Shipped and not paid for: the card parts of shipments whose card payment (their new
   * authorization, or its capture) ended DECLINED or FAILED (0 when every shipment was paid).
   * Their gift certificate parts were recognised all the same (a capture with a card amount of 0);
   * such a shipment is logged at error for someone to follow up. The shopper pays it with
   * `payUnpaidBalance` (the exchange's part; a store that runs its own payments collects its own).
   */
  unpaidAmount?: Maybe<Money>;
};

export type OrderConnection = {
  __typename?: 'OrderConnection';
  edges: Array<OrderEdge>;
  pageInfo: PageInfo;
};

export type OrderEdge = {
  __typename?: 'OrderEdge';
  cursor: Scalars['String']['output'];
  node: Order;
};

export type OrderItemStatus =
  | 'RECEIVED_BACK'
  | 'SHIPPED'
  | 'TO_BE_SHIPPED'
  | 'VOID';

export type OrderLine = {
  __typename?: 'OrderLine';
  id: Scalars['ID']['output'];
  /** The live catalog item; null (with a STORE_UNAVAILABLE error) when the store cannot be reached. `name` and prices are kept on the line. */
  item?: Maybe<Item>;
  lineTotal: Money;
  /** The item's name at the time of purchase. */
  name: Scalars['String']['output'];
  quantity: Scalars['Int']['output'];
  sku: Scalars['String']['output'];
  /** TO_BE_SHIPPED → SHIPPED | VOID; SHIPPED → RECEIVED_BACK. */
  status: OrderItemStatus;
  ticket: Ticket;
  /** Priced on the server from the store's catalog at checkout. */
  unitPrice: Money;
};

/** No order (or store order) with this id belongs to the caller (or the order was never placed). */
export type OrderNotFoundError = ErrorResult & {
  __typename?: 'OrderNotFoundError';
  code: ErrorCode;
  id: Scalars['ID']['output'];
  message: Scalars['String']['output'];
};

export type OrderStatus =
  | 'AUTHORIZED'
  | 'CONFIRMED'
  | 'EXPIRED'
  | 'FULFILLED'
  | 'IN_BASKET'
  | 'PARTIALLY_FULFILLED'
  | 'RETURNED'
  | 'VOID';

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type PayUnpaidBalanceInput = {
  /** The card that pays; pre-checked as at checkout (CardInvalidError), then sent only to the payment provider. */
  card: CardInput;
  /** A repeat with the same key and input returns the first result and charges once; the same key with other input is refused. */
  idempotencyKey: Scalars['String']['input'];
  /** One of the caller's orders (same rule as `order(id:)`). */
  orderId: Scalars['ID']['input'];
};

export type PayUnpaidBalanceResult = CardDeclinedError | CardInvalidError | IdempotencyKeyReusedError | InvalidInputError | NothingUnpaidError | Order | OrderNotFoundError | RequestInProgressError;

/** The exchange's own authorization of the order, made at checkout: the order total less the parts whose stores collect themselves (Order.transactions lists every transaction). */
export type Payment = {
  __typename?: 'Payment';
  amount: Money;
  /** Card brand and last four digits; the card number itself is never stored. */
  cardBrand: Scalars['String']['output'];
  cardLast4: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** The payment provider's reference (token) for the authorization. */
  providerReference: Scalars['String']['output'];
  /** AUTHORIZED (or DECLINED) at checkout; CAPTURED when captured whole; VOIDED when released (after partial shipments each captured their own). */
  status: PaymentStatus;
};

/** Who collects the money: the exchange's own payment backend, or the store itself (the exchange calls the store's signed payment endpoint). */
export type PaymentCollector =
  | 'EXCHANGE'
  | 'STORE';

/**
 * A store that runs its own payment handling declined its part of the purchase: nothing was
 * charged anywhere (what other stores approved was released, the exchange did not charge), the
 * tickets are back in the cart and the order is VOID. A repeat with the same key gets this again.
 */
export type PaymentDeclinedByStoreError = ErrorResult & {
  __typename?: 'PaymentDeclinedByStoreError';
  code: ErrorCode;
  /** The store's reason, e.g. card_declined. */
  declineCode: Scalars['String']['output'];
  message: Scalars['String']['output'];
  storeId: Scalars['ID']['output'];
};

export type PaymentInput = {
  card: CardInput;
};

export type PaymentStatus =
  | 'AUTHORIZED'
  | 'CAPTURED'
  | 'DECLINED'
  | 'VOIDED';

/** Money paid out to a store's bank: the store's whole payable balance in one currency at that moment. */
export type Payout = {
  __typename?: 'Payout';
  amount: Money;
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  storeId: Scalars['ID']['output'];
};

export type PayoutStoreResult = IdempotencyKeyReusedError | InvalidInputError | NothingToPayOutError | Payout | RequestInProgressError;

/**
 * A store's price rule. A shopper gets the lowest of the list (catalog) price and every rule
 * they are entitled to (same currency only): rules only ever lower a price. Setting a rule
 * with the same definition (sku, kind, priceClass, currency, offerCode, window) again changes
 * its price and keeps its id.
 */
export type PriceRule = {
  __typename?: 'PriceRule';
  createdAt: Scalars['DateTime']['output'];
  /** SALE: off from this moment (exclusive); null: open-ended. */
  endsAt?: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  kind: PriceRuleKind;
  /** SALE: only with this offer code attached to the session (upper case); null: no code needed. */
  offerCode?: Maybe<Scalars['String']['output']>;
  price: Money;
  /** CLASS_PRICE: the class it is for. SALE: only shoppers of this class get it (null: everyone). */
  priceClass?: Maybe<Scalars['String']['output']>;
  sku: Scalars['String']['output'];
  /** SALE: on from this moment (inclusive); null: since always. */
  startsAt?: Maybe<Scalars['DateTime']['output']>;
  storeId: Scalars['ID']['output'];
  updatedAt: Scalars['DateTime']['output'];
};

export type PriceRuleInput = {
  /** Minor units, 0 or more. */
  amount: Scalars['Int']['input'];
  /** ISO 4217, upper case (e.g. USD). A rule applies only to list prices in its currency. */
  currency: Scalars['String']['input'];
  /** SALE only; after startsAt. */
  endsAt?: InputMaybe<Scalars['DateTime']['input']>;
  kind: PriceRuleKind;
  /** SALE only: 3 to 32 of A-Z, 0-9, - and _ (normalized to upper case). */
  offerCode?: InputMaybe<Scalars['String']['input']>;
  /** Required for CLASS_PRICE; an optional restriction for SALE. Normalized to upper case. */
  priceClass?: InputMaybe<Scalars['String']['input']>;
  sku: Scalars['String']['input'];
  /** SALE only. */
  startsAt?: InputMaybe<Scalars['DateTime']['input']>;
};

export type PriceRuleKind =
  /** The price for one class of users (the operator sets an account's class); no window, no offer code. */
  | 'CLASS_PRICE'
  /** A sale price: optionally within [startsAt, endsAt), optionally only for one price class, optionally only with an offer code attached to the session. */
  | 'SALE';

/** The calling store has no price rule with this id. */
export type PriceRuleNotFoundError = ErrorResult & {
  __typename?: 'PriceRuleNotFoundError';
  code: ErrorCode;
  id: Scalars['ID']['output'];
  message: Scalars['String']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** The caller's gift balance (account session; a guest has none). */
  giftBalance: GiftBalance;
  /** Every ledger account's balance per currency (operator only). */
  ledgerBalances: Array<LedgerAccountBalance>;
  /** Σ of all ledger entries per currency: every amount is 0 in a sound ledger (operator only). */
  ledgerTrialBalance: Array<Money>;
  /** One of the caller's orders. */
  order?: Maybe<Order>;
  /** The caller's orders, newest first (shopper session required). */
  orders: OrderConnection;
  /** The calling store's price rules (of one sku when given), by sku (store credentials required). */
  priceRules: Array<PriceRule>;
  /** The calling store's shipping rate; null when it set none (the exchange's default applies). */
  shippingRate?: Maybe<ShippingRate>;
  /** What the exchange owes a store and has paid it. A store sees only its own (storeId omitted or its own id); an operator names the store. */
  storeBalance: StoreBalance;
  /** One of the calling store's parts of orders (store credentials required). */
  storeOrder?: Maybe<StoreOrder>;
  /** The calling store's parts of orders, newest first (store credentials required). */
  storeOrders: StoreOrderConnection;
  /** A store's payouts, newest first (a store sees only its own; an operator names the store). */
  storePayouts: Array<Payout>;
};


export type QueryOrderArgs = {
  id: Scalars['ID']['input'];
};


export type QueryOrdersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryPriceRulesArgs = {
  sku?: InputMaybe<Scalars['String']['input']>;
};


export type QueryStoreBalanceArgs = {
  storeId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryStoreOrderArgs = {
  id: Scalars['ID']['input'];
};


export type QueryStoreOrdersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryStorePayoutsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  storeId?: InputMaybe<Scalars['ID']['input']>;
};

/** Too many attempts failed: every attempt is refused, a correct one included, until `retryAfterSeconds` have passed. */
export type RateLimitedError = ErrorResult & {
  __typename?: 'RateLimitedError';
  code: ErrorCode;
  message: Scalars['String']['output'];
  retryAfterSeconds: Scalars['Int']['output'];
};

export type ReceiveReturnResult = IdempotencyKeyReusedError | IllegalTransitionError | InvalidInputError | OrderNotFoundError | RequestInProgressError | ReturnReceived;

export type ReissueGiftCertificateCodeResult = GiftCertificate | GiftCertificateClaimedError | GiftCertificateExpiredError | GiftCertificateNotFoundError | IdempotencyKeyReusedError | InvalidInputError | RequestInProgressError;

export type RemovePriceRuleResult = PriceRule | PriceRuleNotFoundError;

/** A request with this idempotency key is still running; retry shortly for its result. */
export type RequestInProgressError = ErrorResult & {
  __typename?: 'RequestInProgressError';
  code: ErrorCode;
  message: Scalars['String']['output'];
};

/** A return was received: the lines are RECEIVED_BACK and their totals (not shipping) are being refunded. */
export type ReturnReceived = {
  __typename?: 'ReturnReceived';
  /** The refund (the first, when the lines came in shipments captured separately); null when nothing was captured for them. */
  refund?: Maybe<FinancialTransaction>;
  /** One refund per capture that covered the lines. */
  refunds: Array<FinancialTransaction>;
  storeOrder: StoreOrder;
};

export type SetPriceRuleResult = InvalidInputError | PriceRule;

export type SetShippingRateInput = {
  /** The rate applies to parts priced in this currency; others get the exchange's default. */
  currency: Scalars['String']['input'];
  /** Minor units, charged per store part of an order. */
  flatAmount: Scalars['Int']['input'];
  /** A part whose items subtotal reaches this (minor units) ships free; null: never free. */
  freeOverAmount?: InputMaybe<Scalars['Int']['input']>;
};

export type SetShippingRateResult = InvalidInputError | ShippingRate;

export type ShipItemsInput = {
  carrier: Scalars['String']['input'];
  /** A repeat with the same key and input returns the first result; other input is refused. */
  idempotencyKey: Scalars['String']['input'];
  /** The lines in the parcel; left out: every line of the store order still to be shipped. */
  lineIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  storeOrderId: Scalars['ID']['input'];
  trackingNumber: Scalars['String']['input'];
};

export type ShipItemsResult = IdempotencyKeyReusedError | IllegalTransitionError | InvalidInputError | OrderNotFoundError | RequestInProgressError | Shipment;

/** What a store sent in one parcel. */
export type Shipment = {
  __typename?: 'Shipment';
  /** Charged for this shipment: its lines, plus the part's shipping with the part's first shipment. */
  amount: Money;
  carrier: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  lines: Array<ShipmentLine>;
  shippedAt: Scalars['DateTime']['output'];
  storeOrderId: Scalars['ID']['output'];
  trackingNumber: Scalars['String']['output'];
};

export type ShipmentLine = {
  __typename?: 'ShipmentLine';
  line: OrderLine;
  lineId: Scalars['ID']['output'];
  quantity: Scalars['Int']['output'];
};

/** A store's shipping rate, applied to its parts of orders at checkout. */
export type ShippingRate = {
  __typename?: 'ShippingRate';
  /** Charged per store part of an order. */
  flat: Money;
  /** A part whose items subtotal reaches this ships free; null: never free. */
  freeOver?: Maybe<Money>;
  storeId: Scalars['ID']['output'];
  updatedAt: Scalars['DateTime']['output'];
};

export type Store = {
  __typename?: 'Store';
  id: Scalars['ID']['output'];
};

/** What the exchange owes a store and has paid it, per currency. */
export type StoreBalance = {
  __typename?: 'StoreBalance';
  /** Fees the store owes the exchange for sales it collected itself (stores that run their own payment handling). */
  feesDue: Array<Money>;
  /** Captured money owed to the store now (its sales less the exchange fee, less refunds and payouts); negative when refunds after a payout left the store owing. */
  owed: Array<Money>;
  /** Everything paid out to the store so far. */
  paidOut: Array<Money>;
  storeId: Scalars['ID']['output'];
};

/** One store's part of an order: what that store ships and is owed. */
export type StoreOrder = {
  __typename?: 'StoreOrder';
  createdAt: Scalars['DateTime']['output'];
  /**
   * The exchange fee (on items only) the store owes the exchange for a part it collected itself
   * (paidBy STORE); booked as it ships (asset:fee-receivable:<storeId>, StoreBalance.feesDue: its
   * captures add up to it). 0 for a part the exchange collects (its fee is kept back from owedToStore).
   */
  feeOwedByStore: Money;
  id: Scalars['ID']['output'];
  lines: Array<OrderLine>;
  orderId: Scalars['ID']['output'];
  /**
   * What the exchange owes the store for this part: items minus the exchange fee (on items only)
   * plus shipping, as planned at checkout. 0 for a part the store collected itself (paidBy STORE):
   * the exchange owes it nothing there (the store owes it feeOwedByStore instead).
   */
  owedToStore: Money;
  /**
   * Who collects this part's money, decided at checkout. STORE: the store runs its own payment
   * handling and was paid directly (authorized at checkout, captured at the store as it ships);
   * the exchange then owes it nothing for this part (owedToStore 0) and the store owes the
   * exchange's fee instead (feeOwedByStore, StoreBalance.feesDue).
   */
  paidBy: PaymentCollector;
  shipments: Array<Shipment>;
  /** This part's shipping (the store's rate, priced at checkout). */
  shipping: Money;
  status: OrderStatus;
  /** Null (with a STORE_UNAVAILABLE error) when the store cannot be reached. */
  store?: Maybe<Store>;
  /** The items' total. */
  subtotal: Money;
  /** The transactions for this part: authorizations and captures of its shipments, refunds of its returns. */
  transactions: Array<FinancialTransaction>;
};

export type StoreOrderConnection = {
  __typename?: 'StoreOrderConnection';
  edges: Array<StoreOrderEdge>;
  pageInfo: PageInfo;
};

export type StoreOrderEdge = {
  __typename?: 'StoreOrderEdge';
  cursor: Scalars['String']['output'];
  node: StoreOrder;
};

export type StoreUnavailableError = ErrorResult & {
  __typename?: 'StoreUnavailableError';
  code: ErrorCode;
  message: Scalars['String']['output'];
  storeId: Scalars['ID']['output'];
};

export type Ticket = {
  __typename?: 'Ticket';
  id: Scalars['ID']['output'];
};

export type TransactionKind =
  /** Money held on the card: the order's own (at checkout), or a new one for a partial shipment. */
  | 'AUTHORIZATION'
  /** An authorization's money taken, whole. */
  | 'CAPTURE'
  /** (Part of) a capture given back. */
  | 'REFUND'
  /** An authorization released uncaptured. */
  | 'VOID';

export type TransactionStatus =
  /** The provider refused it (final). */
  | 'DECLINED'
  /** Every attempt failed (final; see lastError). */
  | 'FAILED'
  /** Recorded; the payment job has yet to carry it out (or retries it after a provider error). */
  | 'PENDING'
  | 'SUCCEEDED';

export type VoidItemsResult = IdempotencyKeyReusedError | IllegalTransitionError | InvalidInputError | ItemsVoided | OrderNotFoundError | RequestInProgressError;

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = ResolversObject<{
  Order: Order;
  StoreOrder: StoreOrder;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Order:
    ( { __typename: 'Order' }
    & GraphQLRecursivePick<FederationTypes['Order'], {"id":true}> );
  StoreOrder:
    ( { __typename: 'StoreOrder' }
    & GraphQLRecursivePick<FederationTypes['StoreOrder'], {"id":true}> );
}>;

/** Mapping of union types */
export type ResolversUnionTypes<_RefType extends Record<string, unknown>> = ResolversObject<{
  BuyGiftCertificateResult:
    | ( CardDeclinedError & { __typename: 'CardDeclinedError' } )
    | ( CardInvalidError & { __typename: 'CardInvalidError' } )
    | ( Omit<GiftCertificatePurchase, 'certificate'> & { certificate: _RefType['GiftCertificate'] } & { __typename: 'GiftCertificatePurchase' } )
    | ( IdempotencyKeyReusedError & { __typename: 'IdempotencyKeyReusedError' } )
    | ( InvalidInputError & { __typename: 'InvalidInputError' } )
    | ( RequestInProgressError & { __typename: 'RequestInProgressError' } )
  ;
  CheckoutResult:
    | ( CardDeclinedError & { __typename: 'CardDeclinedError' } )
    | ( CardInvalidError & { __typename: 'CardInvalidError' } )
    | ( CheckoutCartVersionMismatchError & { __typename: 'CheckoutCartVersionMismatchError' } )
    | ( CheckoutInProgressError & { __typename: 'CheckoutInProgressError' } )
    | ( CheckoutTicketExpiredError & { __typename: 'CheckoutTicketExpiredError' } )
    | ( EmptyCartError & { __typename: 'EmptyCartError' } )
    | ( IdempotencyKeyReusedError & { __typename: 'IdempotencyKeyReusedError' } )
    | ( InvalidInputError & { __typename: 'InvalidInputError' } )
    | ( MixedCurrenciesError & { __typename: 'MixedCurrenciesError' } )
    | ( OrderModel & { __typename: 'Order' } )
    | ( PaymentDeclinedByStoreError & { __typename: 'PaymentDeclinedByStoreError' } )
    | ( StoreUnavailableError & { __typename: 'StoreUnavailableError' } )
  ;
  ClaimGiftCertificateResult:
    | ( GiftCertificateModel & { __typename: 'GiftCertificate' } )
    | ( GiftCertificateClaimedError & { __typename: 'GiftCertificateClaimedError' } )
    | ( GiftCertificateExpiredError & { __typename: 'GiftCertificateExpiredError' } )
    | ( GiftCertificateNotFoundError & { __typename: 'GiftCertificateNotFoundError' } )
    | ( RateLimitedError & { __typename: 'RateLimitedError' } )
  ;
  IssueGiftCertificateResult:
    | ( AccountNotFoundError & { __typename: 'AccountNotFoundError' } )
    | ( GiftCertificateModel & { __typename: 'GiftCertificate' } )
    | ( IdempotencyKeyReusedError & { __typename: 'IdempotencyKeyReusedError' } )
    | ( InvalidInputError & { __typename: 'InvalidInputError' } )
    | ( RequestInProgressError & { __typename: 'RequestInProgressError' } )
  ;
  PayUnpaidBalanceResult:
    | ( CardDeclinedError & { __typename: 'CardDeclinedError' } )
    | ( CardInvalidError & { __typename: 'CardInvalidError' } )
    | ( IdempotencyKeyReusedError & { __typename: 'IdempotencyKeyReusedError' } )
    | ( InvalidInputError & { __typename: 'InvalidInputError' } )
    | ( NothingUnpaidError & { __typename: 'NothingUnpaidError' } )
    | ( OrderModel & { __typename: 'Order' } )
    | ( OrderNotFoundError & { __typename: 'OrderNotFoundError' } )
    | ( RequestInProgressError & { __typename: 'RequestInProgressError' } )
  ;
  PayoutStoreResult:
    | ( IdempotencyKeyReusedError & { __typename: 'IdempotencyKeyReusedError' } )
    | ( InvalidInputError & { __typename: 'InvalidInputError' } )
    | ( NothingToPayOutError & { __typename: 'NothingToPayOutError' } )
    | ( Payout & { __typename: 'Payout' } )
    | ( RequestInProgressError & { __typename: 'RequestInProgressError' } )
  ;
  ReceiveReturnResult:
    | ( IdempotencyKeyReusedError & { __typename: 'IdempotencyKeyReusedError' } )
    | ( IllegalTransitionError & { __typename: 'IllegalTransitionError' } )
    | ( InvalidInputError & { __typename: 'InvalidInputError' } )
    | ( OrderNotFoundError & { __typename: 'OrderNotFoundError' } )
    | ( RequestInProgressError & { __typename: 'RequestInProgressError' } )
    | ( Omit<ReturnReceived, 'refund' | 'refunds' | 'storeOrder'> & { refund?: Maybe<_RefType['FinancialTransaction']>, refunds: Array<_RefType['FinancialTransaction']>, storeOrder: _RefType['StoreOrder'] } & { __typename: 'ReturnReceived' } )
  ;
  ReissueGiftCertificateCodeResult:
    | ( GiftCertificateModel & { __typename: 'GiftCertificate' } )
    | ( GiftCertificateClaimedError & { __typename: 'GiftCertificateClaimedError' } )
    | ( GiftCertificateExpiredError & { __typename: 'GiftCertificateExpiredError' } )
    | ( GiftCertificateNotFoundError & { __typename: 'GiftCertificateNotFoundError' } )
    | ( IdempotencyKeyReusedError & { __typename: 'IdempotencyKeyReusedError' } )
    | ( InvalidInputError & { __typename: 'InvalidInputError' } )
    | ( RequestInProgressError & { __typename: 'RequestInProgressError' } )
  ;
  RemovePriceRuleResult:
    | ( PriceRule & { __typename: 'PriceRule' } )
    | ( PriceRuleNotFoundError & { __typename: 'PriceRuleNotFoundError' } )
  ;
  SetPriceRuleResult:
    | ( InvalidInputError & { __typename: 'InvalidInputError' } )
    | ( PriceRule & { __typename: 'PriceRule' } )
  ;
  SetShippingRateResult:
    | ( InvalidInputError & { __typename: 'InvalidInputError' } )
    | ( ShippingRateModel & { __typename: 'ShippingRate' } )
  ;
  ShipItemsResult:
    | ( IdempotencyKeyReusedError & { __typename: 'IdempotencyKeyReusedError' } )
    | ( IllegalTransitionError & { __typename: 'IllegalTransitionError' } )
    | ( InvalidInputError & { __typename: 'InvalidInputError' } )
    | ( OrderNotFoundError & { __typename: 'OrderNotFoundError' } )
    | ( RequestInProgressError & { __typename: 'RequestInProgressError' } )
    | ( ShipmentModel & { __typename: 'Shipment' } )
  ;
  VoidItemsResult:
    | ( IdempotencyKeyReusedError & { __typename: 'IdempotencyKeyReusedError' } )
    | ( IllegalTransitionError & { __typename: 'IllegalTransitionError' } )
    | ( InvalidInputError & { __typename: 'InvalidInputError' } )
    | ( Omit<ItemsVoided, 'storeOrder'> & { storeOrder: _RefType['StoreOrder'] } & { __typename: 'ItemsVoided' } )
    | ( OrderNotFoundError & { __typename: 'OrderNotFoundError' } )
    | ( RequestInProgressError & { __typename: 'RequestInProgressError' } )
  ;
}>;

/** Mapping of interface types */
export type ResolversInterfaceTypes<_RefType extends Record<string, unknown>> = ResolversObject<{
  ErrorResult:
    | ( AccountNotFoundError )
    | ( CardDeclinedError )
    | ( CardInvalidError )
    | ( CheckoutCartVersionMismatchError )
    | ( CheckoutInProgressError )
    | ( CheckoutTicketExpiredError )
    | ( EmptyCartError )
    | ( GiftCertificateClaimedError )
    | ( GiftCertificateExpiredError )
    | ( GiftCertificateNotFoundError )
    | ( IdempotencyKeyReusedError )
    | ( IllegalTransitionError )
    | ( InvalidInputError )
    | ( MixedCurrenciesError )
    | ( NothingToPayOutError )
    | ( NothingUnpaidError )
    | ( OrderNotFoundError )
    | ( PaymentDeclinedByStoreError )
    | ( PriceRuleNotFoundError )
    | ( RateLimitedError )
    | ( RequestInProgressError )
    | ( StoreUnavailableError )
  ;
}>;

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  AccountNotFoundError: ResolverTypeWrapper<AccountNotFoundError>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  BuyGiftCertificateInput: BuyGiftCertificateInput;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  BuyGiftCertificateResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['BuyGiftCertificateResult']>;
  CardDeclinedError: ResolverTypeWrapper<CardDeclinedError>;
  CardInput: CardInput;
  CardInvalidError: ResolverTypeWrapper<CardInvalidError>;
  CheckoutCartVersionMismatchError: ResolverTypeWrapper<CheckoutCartVersionMismatchError>;
  CheckoutInProgressError: ResolverTypeWrapper<CheckoutInProgressError>;
  CheckoutInput: CheckoutInput;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  CheckoutResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['CheckoutResult']>;
  CheckoutTicketExpiredError: ResolverTypeWrapper<CheckoutTicketExpiredError>;
  ClaimGiftCertificateResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['ClaimGiftCertificateResult']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  EmptyCartError: ResolverTypeWrapper<EmptyCartError>;
  ErrorCode: ErrorCode;
  ErrorResult: ResolverTypeWrapper<ResolversInterfaceTypes<ResolversTypes>['ErrorResult']>;
  FinancialTransaction: ResolverTypeWrapper<TransactionModel>;
  GiftBalance: ResolverTypeWrapper<Omit<GiftBalance, 'certificates'> & { certificates: Array<ResolversTypes['GiftCertificate']> }>;
  GiftCertificate: ResolverTypeWrapper<GiftCertificateModel>;
  GiftCertificateClaimedError: ResolverTypeWrapper<GiftCertificateClaimedError>;
  GiftCertificateExpiredError: ResolverTypeWrapper<GiftCertificateExpiredError>;
  GiftCertificateNotFoundError: ResolverTypeWrapper<GiftCertificateNotFoundError>;
  GiftCertificatePurchase: ResolverTypeWrapper<Omit<GiftCertificatePurchase, 'certificate'> & { certificate: ResolversTypes['GiftCertificate'] }>;
  GiftCertificateSource: GiftCertificateSource;
  GiftCertificateState: GiftCertificateState;
  IdempotencyKeyReusedError: ResolverTypeWrapper<IdempotencyKeyReusedError>;
  IllegalTransitionError: ResolverTypeWrapper<IllegalTransitionError>;
  InvalidInputError: ResolverTypeWrapper<InvalidInputError>;
  IssueGiftCertificateInput: IssueGiftCertificateInput;
  IssueGiftCertificateResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['IssueGiftCertificateResult']>;
  Item: ResolverTypeWrapper<Item>;
  ItemsVoided: ResolverTypeWrapper<Omit<ItemsVoided, 'storeOrder'> & { storeOrder: ResolversTypes['StoreOrder'] }>;
  LedgerAccountBalance: ResolverTypeWrapper<LedgerAccountBalance>;
  LinesInput: LinesInput;
  MixedCurrenciesError: ResolverTypeWrapper<MixedCurrenciesError>;
  Money: ResolverTypeWrapper<Money>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  NothingToPayOutError: ResolverTypeWrapper<NothingToPayOutError>;
  NothingUnpaidError: ResolverTypeWrapper<NothingUnpaidError>;
  Order: ResolverTypeWrapper<OrderModel>;
  OrderConnection: ResolverTypeWrapper<Omit<OrderConnection, 'edges'> & { edges: Array<ResolversTypes['OrderEdge']> }>;
  OrderEdge: ResolverTypeWrapper<Omit<OrderEdge, 'node'> & { node: ResolversTypes['Order'] }>;
  OrderItemStatus: OrderItemStatus;
  OrderLine: ResolverTypeWrapper<OrderLineModel>;
  OrderNotFoundError: ResolverTypeWrapper<OrderNotFoundError>;
  OrderStatus: OrderStatus;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  PayUnpaidBalanceInput: PayUnpaidBalanceInput;
  PayUnpaidBalanceResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['PayUnpaidBalanceResult']>;
  Payment: ResolverTypeWrapper<PaymentModel>;
  PaymentCollector: PaymentCollector;
  PaymentDeclinedByStoreError: ResolverTypeWrapper<PaymentDeclinedByStoreError>;
  PaymentInput: PaymentInput;
  PaymentStatus: PaymentStatus;
  Payout: ResolverTypeWrapper<Payout>;
  PayoutStoreResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['PayoutStoreResult']>;
  PriceRule: ResolverTypeWrapper<PriceRule>;
  PriceRuleInput: PriceRuleInput;
  PriceRuleKind: PriceRuleKind;
  PriceRuleNotFoundError: ResolverTypeWrapper<PriceRuleNotFoundError>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RateLimitedError: ResolverTypeWrapper<RateLimitedError>;
  ReceiveReturnResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['ReceiveReturnResult']>;
  ReissueGiftCertificateCodeResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['ReissueGiftCertificateCodeResult']>;
  RemovePriceRuleResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['RemovePriceRuleResult']>;
  RequestInProgressError: ResolverTypeWrapper<RequestInProgressError>;
  ReturnReceived: ResolverTypeWrapper<Omit<ReturnReceived, 'refund' | 'refunds' | 'storeOrder'> & { refund?: Maybe<ResolversTypes['FinancialTransaction']>, refunds: Array<ResolversTypes['FinancialTransaction']>, storeOrder: ResolversTypes['StoreOrder'] }>;
  SetPriceRuleResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['SetPriceRuleResult']>;
  SetShippingRateInput: SetShippingRateInput;
  SetShippingRateResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['SetShippingRateResult']>;
  ShipItemsInput: ShipItemsInput;
  ShipItemsResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['ShipItemsResult']>;
  Shipment: ResolverTypeWrapper<ShipmentModel>;
  ShipmentLine: ResolverTypeWrapper<OrderLineModel>;
  ShippingRate: ResolverTypeWrapper<ShippingRateModel>;
  Store: ResolverTypeWrapper<Store>;
  StoreBalance: ResolverTypeWrapper<StoreBalance>;
  StoreOrder: ResolverTypeWrapper<StoreOrderModel>;
  StoreOrderConnection: ResolverTypeWrapper<Omit<StoreOrderConnection, 'edges'> & { edges: Array<ResolversTypes['StoreOrderEdge']> }>;
  StoreOrderEdge: ResolverTypeWrapper<Omit<StoreOrderEdge, 'node'> & { node: ResolversTypes['StoreOrder'] }>;
  StoreUnavailableError: ResolverTypeWrapper<StoreUnavailableError>;
  Ticket: ResolverTypeWrapper<Ticket>;
  TransactionKind: TransactionKind;
  TransactionStatus: TransactionStatus;
  VoidItemsResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['VoidItemsResult']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  AccountNotFoundError: AccountNotFoundError;
  ID: Scalars['ID']['output'];
  String: Scalars['String']['output'];
  BuyGiftCertificateInput: BuyGiftCertificateInput;
  Int: Scalars['Int']['output'];
  BuyGiftCertificateResult: ResolversUnionTypes<ResolversParentTypes>['BuyGiftCertificateResult'];
  CardDeclinedError: CardDeclinedError;
  CardInput: CardInput;
  CardInvalidError: CardInvalidError;
  CheckoutCartVersionMismatchError: CheckoutCartVersionMismatchError;
  CheckoutInProgressError: CheckoutInProgressError;
  CheckoutInput: CheckoutInput;
  Boolean: Scalars['Boolean']['output'];
  CheckoutResult: ResolversUnionTypes<ResolversParentTypes>['CheckoutResult'];
  CheckoutTicketExpiredError: CheckoutTicketExpiredError;
  ClaimGiftCertificateResult: ResolversUnionTypes<ResolversParentTypes>['ClaimGiftCertificateResult'];
  DateTime: Scalars['DateTime']['output'];
  EmptyCartError: EmptyCartError;
  ErrorResult: ResolversInterfaceTypes<ResolversParentTypes>['ErrorResult'];
  FinancialTransaction: TransactionModel;
  GiftBalance: Omit<GiftBalance, 'certificates'> & { certificates: Array<ResolversParentTypes['GiftCertificate']> };
  GiftCertificate: GiftCertificateModel;
  GiftCertificateClaimedError: GiftCertificateClaimedError;
  GiftCertificateExpiredError: GiftCertificateExpiredError;
  GiftCertificateNotFoundError: GiftCertificateNotFoundError;
  GiftCertificatePurchase: Omit<GiftCertificatePurchase, 'certificate'> & { certificate: ResolversParentTypes['GiftCertificate'] };
  IdempotencyKeyReusedError: IdempotencyKeyReusedError;
  IllegalTransitionError: IllegalTransitionError;
  InvalidInputError: InvalidInputError;
  IssueGiftCertificateInput: IssueGiftCertificateInput;
  IssueGiftCertificateResult: ResolversUnionTypes<ResolversParentTypes>['IssueGiftCertificateResult'];
  Item: Item;
  ItemsVoided: Omit<ItemsVoided, 'storeOrder'> & { storeOrder: ResolversParentTypes['StoreOrder'] };
  LedgerAccountBalance: LedgerAccountBalance;
  LinesInput: LinesInput;
  MixedCurrenciesError: MixedCurrenciesError;
  Money: Money;
  Mutation: Record<PropertyKey, never>;
  NothingToPayOutError: NothingToPayOutError;
  NothingUnpaidError: NothingUnpaidError;
  Order: OrderModel;
  OrderConnection: Omit<OrderConnection, 'edges'> & { edges: Array<ResolversParentTypes['OrderEdge']> };
  OrderEdge: Omit<OrderEdge, 'node'> & { node: ResolversParentTypes['Order'] };
  OrderLine: OrderLineModel;
  OrderNotFoundError: OrderNotFoundError;
  PageInfo: PageInfo;
  PayUnpaidBalanceInput: PayUnpaidBalanceInput;
  PayUnpaidBalanceResult: ResolversUnionTypes<ResolversParentTypes>['PayUnpaidBalanceResult'];
  Payment: PaymentModel;
  PaymentDeclinedByStoreError: PaymentDeclinedByStoreError;
  PaymentInput: PaymentInput;
  Payout: Payout;
  PayoutStoreResult: ResolversUnionTypes<ResolversParentTypes>['PayoutStoreResult'];
  PriceRule: PriceRule;
  PriceRuleInput: PriceRuleInput;
  PriceRuleNotFoundError: PriceRuleNotFoundError;
  Query: Record<PropertyKey, never>;
  RateLimitedError: RateLimitedError;
  ReceiveReturnResult: ResolversUnionTypes<ResolversParentTypes>['ReceiveReturnResult'];
  ReissueGiftCertificateCodeResult: ResolversUnionTypes<ResolversParentTypes>['ReissueGiftCertificateCodeResult'];
  RemovePriceRuleResult: ResolversUnionTypes<ResolversParentTypes>['RemovePriceRuleResult'];
  RequestInProgressError: RequestInProgressError;
  ReturnReceived: Omit<ReturnReceived, 'refund' | 'refunds' | 'storeOrder'> & { refund?: Maybe<ResolversParentTypes['FinancialTransaction']>, refunds: Array<ResolversParentTypes['FinancialTransaction']>, storeOrder: ResolversParentTypes['StoreOrder'] };
  SetPriceRuleResult: ResolversUnionTypes<ResolversParentTypes>['SetPriceRuleResult'];
  SetShippingRateInput: SetShippingRateInput;
  SetShippingRateResult: ResolversUnionTypes<ResolversParentTypes>['SetShippingRateResult'];
  ShipItemsInput: ShipItemsInput;
  ShipItemsResult: ResolversUnionTypes<ResolversParentTypes>['ShipItemsResult'];
  Shipment: ShipmentModel;
  ShipmentLine: OrderLineModel;
  ShippingRate: ShippingRateModel;
  Store: Store;
  StoreBalance: StoreBalance;
  StoreOrder: StoreOrderModel;
  StoreOrderConnection: Omit<StoreOrderConnection, 'edges'> & { edges: Array<ResolversParentTypes['StoreOrderEdge']> };
  StoreOrderEdge: Omit<StoreOrderEdge, 'node'> & { node: ResolversParentTypes['StoreOrder'] };
  StoreUnavailableError: StoreUnavailableError;
  Ticket: Ticket;
  VoidItemsResult: ResolversUnionTypes<ResolversParentTypes>['VoidItemsResult'];
}>;

export type AccountNotFoundErrorResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['AccountNotFoundError'] = ResolversParentTypes['AccountNotFoundError']> = ResolversObject<{
  accountId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type BuyGiftCertificateResultResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['BuyGiftCertificateResult'] = ResolversParentTypes['BuyGiftCertificateResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'CardDeclinedError' | 'CardInvalidError' | 'GiftCertificatePurchase' | 'IdempotencyKeyReusedError' | 'InvalidInputError' | 'RequestInProgressError', ParentType, ContextType>;
}>;

export type CardDeclinedErrorResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['CardDeclinedError'] = ResolversParentTypes['CardDeclinedError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  declineCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type CardInvalidErrorResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['CardInvalidError'] = ResolversParentTypes['CardInvalidError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type CheckoutCartVersionMismatchErrorResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['CheckoutCartVersionMismatchError'] = ResolversParentTypes['CheckoutCartVersionMismatchError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  currentVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  expectedVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type CheckoutInProgressErrorResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['CheckoutInProgressError'] = ResolversParentTypes['CheckoutInProgressError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type CheckoutResultResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['CheckoutResult'] = ResolversParentTypes['CheckoutResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'CardDeclinedError' | 'CardInvalidError' | 'CheckoutCartVersionMismatchError' | 'CheckoutInProgressError' | 'CheckoutTicketExpiredError' | 'EmptyCartError' | 'IdempotencyKeyReusedError' | 'InvalidInputError' | 'MixedCurrenciesError' | 'Order' | 'PaymentDeclinedByStoreError' | 'StoreUnavailableError', ParentType, ContextType>;
}>;

export type CheckoutTicketExpiredErrorResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['CheckoutTicketExpiredError'] = ResolversParentTypes['CheckoutTicketExpiredError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  expiredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  storeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  ticketId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type ClaimGiftCertificateResultResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['ClaimGiftCertificateResult'] = ResolversParentTypes['ClaimGiftCertificateResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'GiftCertificate' | 'GiftCertificateClaimedError' | 'GiftCertificateExpiredError' | 'GiftCertificateNotFoundError' | 'RateLimitedError', ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type EmptyCartErrorResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['EmptyCartError'] = ResolversParentTypes['EmptyCartError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type ErrorResultResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['ErrorResult'] = ResolversParentTypes['ErrorResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'AccountNotFoundError' | 'CardDeclinedError' | 'CardInvalidError' | 'CheckoutCartVersionMismatchError' | 'CheckoutInProgressError' | 'CheckoutTicketExpiredError' | 'EmptyCartError' | 'GiftCertificateClaimedError' | 'GiftCertificateExpiredError' | 'GiftCertificateNotFoundError' | 'IdempotencyKeyReusedError' | 'IllegalTransitionError' | 'InvalidInputError' | 'MixedCurrenciesError' | 'NothingToPayOutError' | 'NothingUnpaidError' | 'OrderNotFoundError' | 'PaymentDeclinedByStoreError' | 'PriceRuleNotFoundError' | 'RateLimitedError' | 'RequestInProgressError' | 'StoreUnavailableError', ParentType, ContextType>;
}>;

export type FinancialTransactionResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['FinancialTransaction'] = ResolversParentTypes['FinancialTransaction']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  attempts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  collectedBy?: Resolver<ResolversTypes['PaymentCollector'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  giftCertificateAmount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['TransactionKind'], ParentType, ContextType>;
  lastError?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  parentId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  paysUnpaidBalance?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  settledAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  settledBy?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  shipmentId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['TransactionStatus'], ParentType, ContextType>;
  storeId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
}>;

export type GiftBalanceResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['GiftBalance'] = ResolversParentTypes['GiftBalance']> = ResolversObject<{
  certificates?: Resolver<Array<ResolversTypes['GiftCertificate']>, ParentType, ContextType>;
  total?: Resolver<Array<ResolversTypes['Money']>, ParentType, ContextType>;
}>;

export type GiftCertificateResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['GiftCertificate'] = ResolversParentTypes['GiftCertificate']> = ResolversObject<{
  balance?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  claimedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  initialAmount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  message?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['GiftCertificateSource'], ParentType, ContextType>;
  state?: Resolver<ResolversTypes['GiftCertificateState'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type GiftCertificateClaimedErrorResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['GiftCertificateClaimedError'] = ResolversParentTypes['GiftCertificateClaimedError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type GiftCertificateExpiredErrorResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['GiftCertificateExpiredError'] = ResolversParentTypes['GiftCertificateExpiredError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  expiredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type GiftCertificateNotFoundErrorResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['GiftCertificateNotFoundError'] = ResolversParentTypes['GiftCertificateNotFoundError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type GiftCertificatePurchaseResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['GiftCertificatePurchase'] = ResolversParentTypes['GiftCertificatePurchase']> = ResolversObject<{
  amountCharged?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  certificate?: Resolver<ResolversTypes['GiftCertificate'], ParentType, ContextType>;
  recipientEmail?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type IdempotencyKeyReusedErrorResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['IdempotencyKeyReusedError'] = ResolversParentTypes['IdempotencyKeyReusedError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type IllegalTransitionErrorResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['IllegalTransitionError'] = ResolversParentTypes['IllegalTransitionError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  from?: Resolver<ResolversTypes['OrderItemStatus'], ParentType, ContextType>;
  lineId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  to?: Resolver<ResolversTypes['OrderItemStatus'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type InvalidInputErrorResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['InvalidInputError'] = ResolversParentTypes['InvalidInputError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  field?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type IssueGiftCertificateResultResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['IssueGiftCertificateResult'] = ResolversParentTypes['IssueGiftCertificateResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'AccountNotFoundError' | 'GiftCertificate' | 'IdempotencyKeyReusedError' | 'InvalidInputError' | 'RequestInProgressError', ParentType, ContextType>;
}>;

export type ItemResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['Item'] = ResolversParentTypes['Item']> = ResolversObject<{
  sku?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  storeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type ItemsVoidedResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['ItemsVoided'] = ResolversParentTypes['ItemsVoided']> = ResolversObject<{
  storeOrder?: Resolver<ResolversTypes['StoreOrder'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type LedgerAccountBalanceResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['LedgerAccountBalance'] = ResolversParentTypes['LedgerAccountBalance']> = ResolversObject<{
  account?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  balance?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
}>;

export type MixedCurrenciesErrorResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['MixedCurrenciesError'] = ResolversParentTypes['MixedCurrenciesError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type MoneyResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  buyGiftCertificate?: Resolver<ResolversTypes['BuyGiftCertificateResult'], ParentType, ContextType, RequireFields<MutationBuyGiftCertificateArgs, 'input'>>;
  checkout?: Resolver<ResolversTypes['CheckoutResult'], ParentType, ContextType, RequireFields<MutationCheckoutArgs, 'input'>>;
  claimGiftCertificate?: Resolver<ResolversTypes['ClaimGiftCertificateResult'], ParentType, ContextType, RequireFields<MutationClaimGiftCertificateArgs, 'code'>>;
  issueGiftCertificate?: Resolver<ResolversTypes['IssueGiftCertificateResult'], ParentType, ContextType, RequireFields<MutationIssueGiftCertificateArgs, 'input'>>;
  payUnpaidBalance?: Resolver<ResolversTypes['PayUnpaidBalanceResult'], ParentType, ContextType, RequireFields<MutationPayUnpaidBalanceArgs, 'input'>>;
  payoutStore?: Resolver<ResolversTypes['PayoutStoreResult'], ParentType, ContextType, RequireFields<MutationPayoutStoreArgs, 'idempotencyKey' | 'storeId'>>;
  receiveReturn?: Resolver<ResolversTypes['ReceiveReturnResult'], ParentType, ContextType, RequireFields<MutationReceiveReturnArgs, 'input'>>;
  reissueGiftCertificateCode?: Resolver<ResolversTypes['ReissueGiftCertificateCodeResult'], ParentType, ContextType, RequireFields<MutationReissueGiftCertificateCodeArgs, 'certificateId' | 'idempotencyKey'>>;
  removePriceRule?: Resolver<ResolversTypes['RemovePriceRuleResult'], ParentType, ContextType, RequireFields<MutationRemovePriceRuleArgs, 'id'>>;
  setPriceRule?: Resolver<ResolversTypes['SetPriceRuleResult'], ParentType, ContextType, RequireFields<MutationSetPriceRuleArgs, 'input'>>;
  setShippingRate?: Resolver<ResolversTypes['SetShippingRateResult'], ParentType, ContextType, RequireFields<MutationSetShippingRateArgs, 'input'>>;
  shipItems?: Resolver<ResolversTypes['ShipItemsResult'], ParentType, ContextType, RequireFields<MutationShipItemsArgs, 'input'>>;
  voidItems?: Resolver<ResolversTypes['VoidItemsResult'], ParentType, ContextType, RequireFields<MutationVoidItemsArgs, 'input'>>;
}>;

export type NothingToPayOutErrorResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['NothingToPayOutError'] = ResolversParentTypes['NothingToPayOutError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  storeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type NothingUnpaidErrorResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['NothingUnpaidError'] = ResolversParentTypes['NothingUnpaidError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  orderId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type OrderResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['Order'] = ResolversParentTypes['Order'], FederationReferenceType extends FederationReferenceTypes['Order'] = FederationReferenceTypes['Order']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Order']> | FederationReferenceType, FederationReferenceType, ContextType>;
  cardAmount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  contactEmail?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  giftCertificateAmount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  itemsTotal?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  parts?: Resolver<Array<ResolversTypes['StoreOrder']>, ParentType, ContextType>;
  payment?: Resolver<Maybe<ResolversTypes['Payment']>, ParentType, ContextType>;
  shippingTotal?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['OrderStatus'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  transactions?: Resolver<Array<ResolversTypes['FinancialTransaction']>, ParentType, ContextType>;
  unpaidAmount?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type OrderConnectionResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['OrderConnection'] = ResolversParentTypes['OrderConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['OrderEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type OrderEdgeResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['OrderEdge'] = ResolversParentTypes['OrderEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Order'], ParentType, ContextType>;
}>;

export type OrderLineResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['OrderLine'] = ResolversParentTypes['OrderLine']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  item?: Resolver<Maybe<ResolversTypes['Item']>, ParentType, ContextType>;
  lineTotal?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['OrderItemStatus'], ParentType, ContextType>;
  ticket?: Resolver<ResolversTypes['Ticket'], ParentType, ContextType>;
  unitPrice?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
}>;

export type OrderNotFoundErrorResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['OrderNotFoundError'] = ResolversParentTypes['OrderNotFoundError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type PageInfoResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type PayUnpaidBalanceResultResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['PayUnpaidBalanceResult'] = ResolversParentTypes['PayUnpaidBalanceResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'CardDeclinedError' | 'CardInvalidError' | 'IdempotencyKeyReusedError' | 'InvalidInputError' | 'NothingUnpaidError' | 'Order' | 'OrderNotFoundError' | 'RequestInProgressError', ParentType, ContextType>;
}>;

export type PaymentResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['Payment'] = ResolversParentTypes['Payment']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  cardBrand?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  cardLast4?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  providerReference?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['PaymentStatus'], ParentType, ContextType>;
}>;

export type PaymentDeclinedByStoreErrorResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['PaymentDeclinedByStoreError'] = ResolversParentTypes['PaymentDeclinedByStoreError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  declineCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  storeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type PayoutResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['Payout'] = ResolversParentTypes['Payout']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  storeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type PayoutStoreResultResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['PayoutStoreResult'] = ResolversParentTypes['PayoutStoreResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'IdempotencyKeyReusedError' | 'InvalidInputError' | 'NothingToPayOutError' | 'Payout' | 'RequestInProgressError', ParentType, ContextType>;
}>;

export type PriceRuleResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['PriceRule'] = ResolversParentTypes['PriceRule']> = ResolversObject<{
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  endsAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['PriceRuleKind'], ParentType, ContextType>;
  offerCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  price?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  priceClass?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  startsAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  storeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type PriceRuleNotFoundErrorResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['PriceRuleNotFoundError'] = ResolversParentTypes['PriceRuleNotFoundError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  giftBalance?: Resolver<ResolversTypes['GiftBalance'], ParentType, ContextType>;
  ledgerBalances?: Resolver<Array<ResolversTypes['LedgerAccountBalance']>, ParentType, ContextType>;
  ledgerTrialBalance?: Resolver<Array<ResolversTypes['Money']>, ParentType, ContextType>;
  order?: Resolver<Maybe<ResolversTypes['Order']>, ParentType, ContextType, RequireFields<QueryOrderArgs, 'id'>>;
  orders?: Resolver<ResolversTypes['OrderConnection'], ParentType, ContextType, RequireFields<QueryOrdersArgs, 'first'>>;
  priceRules?: Resolver<Array<ResolversTypes['PriceRule']>, ParentType, ContextType, Partial<QueryPriceRulesArgs>>;
  shippingRate?: Resolver<Maybe<ResolversTypes['ShippingRate']>, ParentType, ContextType>;
  storeBalance?: Resolver<ResolversTypes['StoreBalance'], ParentType, ContextType, Partial<QueryStoreBalanceArgs>>;
  storeOrder?: Resolver<Maybe<ResolversTypes['StoreOrder']>, ParentType, ContextType, RequireFields<QueryStoreOrderArgs, 'id'>>;
  storeOrders?: Resolver<ResolversTypes['StoreOrderConnection'], ParentType, ContextType, RequireFields<QueryStoreOrdersArgs, 'first'>>;
  storePayouts?: Resolver<Array<ResolversTypes['Payout']>, ParentType, ContextType, RequireFields<QueryStorePayoutsArgs, 'first'>>;
}>;

export type RateLimitedErrorResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['RateLimitedError'] = ResolversParentTypes['RateLimitedError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  retryAfterSeconds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type ReceiveReturnResultResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['ReceiveReturnResult'] = ResolversParentTypes['ReceiveReturnResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'IdempotencyKeyReusedError' | 'IllegalTransitionError' | 'InvalidInputError' | 'OrderNotFoundError' | 'RequestInProgressError' | 'ReturnReceived', ParentType, ContextType>;
}>;

export type ReissueGiftCertificateCodeResultResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['ReissueGiftCertificateCodeResult'] = ResolversParentTypes['ReissueGiftCertificateCodeResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'GiftCertificate' | 'GiftCertificateClaimedError' | 'GiftCertificateExpiredError' | 'GiftCertificateNotFoundError' | 'IdempotencyKeyReusedError' | 'InvalidInputError' | 'RequestInProgressError', ParentType, ContextType>;
}>;

export type RemovePriceRuleResultResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['RemovePriceRuleResult'] = ResolversParentTypes['RemovePriceRuleResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'PriceRule' | 'PriceRuleNotFoundError', ParentType, ContextType>;
}>;

export type RequestInProgressErrorResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['RequestInProgressError'] = ResolversParentTypes['RequestInProgressError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type ReturnReceivedResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['ReturnReceived'] = ResolversParentTypes['ReturnReceived']> = ResolversObject<{
  refund?: Resolver<Maybe<ResolversTypes['FinancialTransaction']>, ParentType, ContextType>;
  refunds?: Resolver<Array<ResolversTypes['FinancialTransaction']>, ParentType, ContextType>;
  storeOrder?: Resolver<ResolversTypes['StoreOrder'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type SetPriceRuleResultResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['SetPriceRuleResult'] = ResolversParentTypes['SetPriceRuleResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'InvalidInputError' | 'PriceRule', ParentType, ContextType>;
}>;

export type SetShippingRateResultResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['SetShippingRateResult'] = ResolversParentTypes['SetShippingRateResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'InvalidInputError' | 'ShippingRate', ParentType, ContextType>;
}>;

export type ShipItemsResultResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['ShipItemsResult'] = ResolversParentTypes['ShipItemsResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'IdempotencyKeyReusedError' | 'IllegalTransitionError' | 'InvalidInputError' | 'OrderNotFoundError' | 'RequestInProgressError' | 'Shipment', ParentType, ContextType>;
}>;

export type ShipmentResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['Shipment'] = ResolversParentTypes['Shipment']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  carrier?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['ShipmentLine']>, ParentType, ContextType>;
  shippedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  storeOrderId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  trackingNumber?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type ShipmentLineResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['ShipmentLine'] = ResolversParentTypes['ShipmentLine']> = ResolversObject<{
  line?: Resolver<ResolversTypes['OrderLine'], ParentType, ContextType>;
  lineId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ShippingRateResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['ShippingRate'] = ResolversParentTypes['ShippingRate']> = ResolversObject<{
  flat?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  freeOver?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  storeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type StoreResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['Store'] = ResolversParentTypes['Store']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type StoreBalanceResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['StoreBalance'] = ResolversParentTypes['StoreBalance']> = ResolversObject<{
  feesDue?: Resolver<Array<ResolversTypes['Money']>, ParentType, ContextType>;
  owed?: Resolver<Array<ResolversTypes['Money']>, ParentType, ContextType>;
  paidOut?: Resolver<Array<ResolversTypes['Money']>, ParentType, ContextType>;
  storeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type StoreOrderResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['StoreOrder'] = ResolversParentTypes['StoreOrder'], FederationReferenceType extends FederationReferenceTypes['StoreOrder'] = FederationReferenceTypes['StoreOrder']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['StoreOrder']> | FederationReferenceType, FederationReferenceType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  feeOwedByStore?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['OrderLine']>, ParentType, ContextType>;
  orderId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  owedToStore?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  paidBy?: Resolver<ResolversTypes['PaymentCollector'], ParentType, ContextType>;
  shipments?: Resolver<Array<ResolversTypes['Shipment']>, ParentType, ContextType>;
  shipping?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['OrderStatus'], ParentType, ContextType>;
  store?: Resolver<Maybe<ResolversTypes['Store']>, ParentType, ContextType>;
  subtotal?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  transactions?: Resolver<Array<ResolversTypes['FinancialTransaction']>, ParentType, ContextType>;
}>;

export type StoreOrderConnectionResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['StoreOrderConnection'] = ResolversParentTypes['StoreOrderConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['StoreOrderEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type StoreOrderEdgeResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['StoreOrderEdge'] = ResolversParentTypes['StoreOrderEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['StoreOrder'], ParentType, ContextType>;
}>;

export type StoreUnavailableErrorResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['StoreUnavailableError'] = ResolversParentTypes['StoreUnavailableError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['ErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  storeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type TicketResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['Ticket'] = ResolversParentTypes['Ticket']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type VoidItemsResultResolvers<ContextType = PaymentContext, ParentType extends ResolversParentTypes['VoidItemsResult'] = ResolversParentTypes['VoidItemsResult']> = ResolversObject<{
  __resolveType: TypeResolveFn<'IdempotencyKeyReusedError' | 'IllegalTransitionError' | 'InvalidInputError' | 'ItemsVoided' | 'OrderNotFoundError' | 'RequestInProgressError', ParentType, ContextType>;
}>;

export type Resolvers<ContextType = PaymentContext> = ResolversObject<{
  AccountNotFoundError?: AccountNotFoundErrorResolvers<ContextType>;
  BuyGiftCertificateResult?: BuyGiftCertificateResultResolvers<ContextType>;
  CardDeclinedError?: CardDeclinedErrorResolvers<ContextType>;
  CardInvalidError?: CardInvalidErrorResolvers<ContextType>;
  CheckoutCartVersionMismatchError?: CheckoutCartVersionMismatchErrorResolvers<ContextType>;
  CheckoutInProgressError?: CheckoutInProgressErrorResolvers<ContextType>;
  CheckoutResult?: CheckoutResultResolvers<ContextType>;
  CheckoutTicketExpiredError?: CheckoutTicketExpiredErrorResolvers<ContextType>;
  ClaimGiftCertificateResult?: ClaimGiftCertificateResultResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  EmptyCartError?: EmptyCartErrorResolvers<ContextType>;
  ErrorResult?: ErrorResultResolvers<ContextType>;
  FinancialTransaction?: FinancialTransactionResolvers<ContextType>;
  GiftBalance?: GiftBalanceResolvers<ContextType>;
  GiftCertificate?: GiftCertificateResolvers<ContextType>;
  GiftCertificateClaimedError?: GiftCertificateClaimedErrorResolvers<ContextType>;
  GiftCertificateExpiredError?: GiftCertificateExpiredErrorResolvers<ContextType>;
  GiftCertificateNotFoundError?: GiftCertificateNotFoundErrorResolvers<ContextType>;
  GiftCertificatePurchase?: GiftCertificatePurchaseResolvers<ContextType>;
  IdempotencyKeyReusedError?: IdempotencyKeyReusedErrorResolvers<ContextType>;
  IllegalTransitionError?: IllegalTransitionErrorResolvers<ContextType>;
  InvalidInputError?: InvalidInputErrorResolvers<ContextType>;
  IssueGiftCertificateResult?: IssueGiftCertificateResultResolvers<ContextType>;
  Item?: ItemResolvers<ContextType>;
  ItemsVoided?: ItemsVoidedResolvers<ContextType>;
  LedgerAccountBalance?: LedgerAccountBalanceResolvers<ContextType>;
  MixedCurrenciesError?: MixedCurrenciesErrorResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  NothingToPayOutError?: NothingToPayOutErrorResolvers<ContextType>;
  NothingUnpaidError?: NothingUnpaidErrorResolvers<ContextType>;
  Order?: OrderResolvers<ContextType>;
  OrderConnection?: OrderConnectionResolvers<ContextType>;
  OrderEdge?: OrderEdgeResolvers<ContextType>;
  OrderLine?: OrderLineResolvers<ContextType>;
  OrderNotFoundError?: OrderNotFoundErrorResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PayUnpaidBalanceResult?: PayUnpaidBalanceResultResolvers<ContextType>;
  Payment?: PaymentResolvers<ContextType>;
  PaymentDeclinedByStoreError?: PaymentDeclinedByStoreErrorResolvers<ContextType>;
  Payout?: PayoutResolvers<ContextType>;
  PayoutStoreResult?: PayoutStoreResultResolvers<ContextType>;
  PriceRule?: PriceRuleResolvers<ContextType>;
  PriceRuleNotFoundError?: PriceRuleNotFoundErrorResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RateLimitedError?: RateLimitedErrorResolvers<ContextType>;
  ReceiveReturnResult?: ReceiveReturnResultResolvers<ContextType>;
  ReissueGiftCertificateCodeResult?: ReissueGiftCertificateCodeResultResolvers<ContextType>;
  RemovePriceRuleResult?: RemovePriceRuleResultResolvers<ContextType>;
  RequestInProgressError?: RequestInProgressErrorResolvers<ContextType>;
  ReturnReceived?: ReturnReceivedResolvers<ContextType>;
  SetPriceRuleResult?: SetPriceRuleResultResolvers<ContextType>;
  SetShippingRateResult?: SetShippingRateResultResolvers<ContextType>;
  ShipItemsResult?: ShipItemsResultResolvers<ContextType>;
  Shipment?: ShipmentResolvers<ContextType>;
  ShipmentLine?: ShipmentLineResolvers<ContextType>;
  ShippingRate?: ShippingRateResolvers<ContextType>;
  Store?: StoreResolvers<ContextType>;
  StoreBalance?: StoreBalanceResolvers<ContextType>;
  StoreOrder?: StoreOrderResolvers<ContextType>;
  StoreOrderConnection?: StoreOrderConnectionResolvers<ContextType>;
  StoreOrderEdge?: StoreOrderEdgeResolvers<ContextType>;
  StoreUnavailableError?: StoreUnavailableErrorResolvers<ContextType>;
  Ticket?: TicketResolvers<ContextType>;
  VoidItemsResult?: VoidItemsResultResolvers<ContextType>;
}>;

