/** `POST /api/auth/signup` -> `201 { id }` */
export interface SignupRequest {
  readonly email: string;
  /** At least 10 characters. */
  readonly password: string;
  readonly name: string;
}

/** `POST /api/auth/login` */
export interface LoginRequest {
  readonly email: string;
  readonly password: string;
}

/** The answer of `POST /api/auth/login` and `POST /api/auth/refresh`. */
export interface SignedIn {
  /** Bearer token for every other `/api` route and the `/live` handshake. */
  readonly accessToken: string;
  /** Seconds until the access token expires. */
  readonly expiresIn: number;
  /** Single use: exchange at `POST /api/auth/refresh` `{ refreshToken }` for new tokens. */
  readonly refreshToken: string;
  readonly refreshExpiresAt: string;
}

/** `GET /api/me` */
export interface Me {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly projects: number;
}
