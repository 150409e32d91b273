import { Router } from 'express';
import { listMunicipalities } from '../geo/municipality.match.js';
import { CATEGORIES } from '../submissions/categories.js';

/** The lists a form needs; they change only with a release, so clients may cache them. */
export function referenceDataRoutes(): Router {
  const router = Router();
  const municipalities = listMunicipalities();
  router.get('/municipalities', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').json(municipalities);
  });
  router.get('/categories', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').json(CATEGORIES);
  });
  return router;
}
