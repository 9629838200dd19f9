export { IdeogramApi } from './credentials/IdeogramApi.credentials';
export { Ideogram } from './nodes/Ideogram/Ideogram.node';
export { IdeogramTrigger } from './nodes/IdeogramTrigger/IdeogramTrigger.node';
