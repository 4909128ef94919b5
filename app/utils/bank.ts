/** A bank account number as shown anywhere but the transfer file: its last four digits. */
export function maskAccountNumber(accountNumber: string): string {
  return `**** ${accountNumber.slice(-4)}`;
}
