/** The names AWS gives its signature refusals; the SDKs raise errors of these names. */
export type SigV4ErrorName =
  'MissingAuthenticationTokenException' | 'IncompleteSignatureException' | 'UnrecognizedClientException' | 'InvalidSignatureException';

const STATUS: Record<SigV4ErrorName, number> = {
  MissingAuthenticationTokenException: 403,
  IncompleteSignatureException: 400,
  UnrecognizedClientException: 403,
  InvalidSignatureException: 403,
};

/** A request whose SigV4 signature was refused, named and with the HTTP status as AWS answers it. */
export class SigV4Error extends Error {
  readonly httpStatus: number;
  constructor(
    override readonly name: SigV4ErrorName,
    message: string,
  ) {
    super(message);
    this.httpStatus = STATUS[name];
  }
}
