/**
 * GraphQL documents that several payment integration tests send word for word. A test that
 * selects other fields keeps its own document.
 */

/** shipItems: the shipment's id and amount, or the error. */
export const SHIP = `mutation($input: ShipItemsInput!) { shipItems(input: $input) { __typename ... on Shipment { id amount { amount } } ... on ErrorResult { code message } } }`;

/** voidItems: only whether it went through (`__typename`) or the error. */
export const VOID = `mutation($input: LinesInput!) { voidItems(input: $input) { __typename ... on ErrorResult { code message } } }`;

/** issueGiftCertificate (operator): the certificate's id, or the error. */
export const ISSUE = `mutation($input: IssueGiftCertificateInput!) { issueGiftCertificate(input: $input) { __typename ... on GiftCertificate { id } ... on ErrorResult { code message } } }`;
