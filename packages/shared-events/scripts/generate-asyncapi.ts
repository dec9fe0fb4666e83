import { writeFileSync } from 'node:fs';
import { eventsDocumentPath, renderEventsDocument } from './events-document.js';

writeFileSync(eventsDocumentPath, renderEventsDocument());
console.log(`wrote ${eventsDocumentPath}`);
