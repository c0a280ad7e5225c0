import { redirect } from 'next/navigation';
import { currentActor } from '@/lib/auth/session';

export default async function Home() {
  redirect((await currentActor()) ? '/dashboard' : '/signin');
}
