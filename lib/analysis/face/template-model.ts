/**
 * The model whose descriptors are face templates: face-api's face
 * recognition network, versioned with the package that ships its weights.
 * A template made by another model is never compared (distances between
 * descriptors of different networks mean nothing); change this with the
 * weights, and teachers are asked to add their photos again.
 */
export const FACE_TEMPLATE_MODEL = { name: 'face-api face recognition', version: '1.7.15' } as const;
