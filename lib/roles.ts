export const ROLES = ['admin', 'department_head', 'teacher', 'student'] as const;
export type Role = (typeof ROLES)[number];
