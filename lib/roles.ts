export const ROLES = ['admin', 'department_head', 'teacher', 'student'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = { admin: 'Admin', department_head: 'Department head', teacher: 'Teacher', student: 'Student' };

export function roleList(roles: readonly Role[]): string {
  return roles.map((r) => ROLE_NAMES[r]).join(', ') || 'no role';
}
