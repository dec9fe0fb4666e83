import { readEnvironment } from '@ecommerce/lambda-kit';
import { createProductRepository } from '../../adapters/product-repository.js';
import { createHandler } from './make-handler.js';

const { PRODUCTS_TABLE } = readEnvironment(['PRODUCTS_TABLE']);

export const main = createHandler(createProductRepository({ tableName: PRODUCTS_TABLE }));
