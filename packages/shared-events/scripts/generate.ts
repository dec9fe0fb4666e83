import { writeGeneratedFiles } from '@ecommerce/json-validation/standalone';
import { renderGeneratedFiles } from './generated-files.js';

writeGeneratedFiles(renderGeneratedFiles());
