/** The catalog's failures, named as DynamoDB (and the API layer above it) name them. */
export type CatalogErrorName = 'ValidationException' | 'ConflictException' | 'ResourceNotFoundException';

/** A catalog operation refused: the name says which, the message says what was wrong. */
export class CatalogError extends Error {
  constructor(
    override readonly name: CatalogErrorName,
    message: string,
  ) {
    super(message);
  }
}
