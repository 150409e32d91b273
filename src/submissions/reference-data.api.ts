import { z } from 'zod';
import { listMunicipalities } from '../geo/municipality.match.js';
import { operationsWith } from '../http/operation.js';
import { CATEGORIES } from './categories.js';
import { categorySchema, municipalitySchema } from './submission-responses.schema.js';

/** The lists a form needs; they change only with a release, so clients may cache them. */
const CACHED = { 'Cache-Control': 'public, max-age=3600' };

const operation = operationsWith<unknown>();

export const referenceDataApi = [
  operation({
    method: 'get',
    path: '/api/v1/municipalities',
    tag: 'Public',
    summary: 'The register of Serbian cities and municipalities',
    permission: 'public',
    responses: { 200: { description: 'All of them', schema: z.array(municipalitySchema) } },
    handler: async () => ({ status: 200, body: listMunicipalities(), headers: CACHED }),
  }),
  operation({
    method: 'get',
    path: '/api/v1/categories',
    tag: 'Public',
    summary: 'What a letter can be about',
    permission: 'public',
    responses: { 200: { description: 'All categories, named in each language', schema: z.array(categorySchema) } },
    handler: async () => ({ status: 200, body: CATEGORIES, headers: CACHED }),
  }),
];
