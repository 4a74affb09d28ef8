import { name } from '@triage/codec'; console.log(name);
