import { DemoSeeder, DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_PROJECT } from '../../apps/api/src/demo/demo';
import { startApi, type RunningApi } from '../support/api';

/** What the README promises a new user after `npm start`. */
describe('the demo project', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  it('is created once, on an empty store, with an account for every role', async () => {
    const seeder = api.app.get(DemoSeeder);
    const projectId = await seeder.seedIfEmpty();
    expect(projectId).not.toBeNull();
    expect(await seeder.seedIfEmpty()).toBeNull();

    for (const account of DEMO_ACCOUNTS) {
      const login = await api.call('POST', '/api/auth/login', { body: { email: account.email, password: DEMO_PASSWORD } });
      expect(login.status).toBe(200);
      const projects = await api.call('GET', '/api/projects', { token: login.body.accessToken });
      expect(projects.body.items).toEqual([{ id: projectId, name: DEMO_PROJECT.name, currency: 'EUR', role: account.role }]);
    }
  });
});
