/**
 * What DJP's portals show in a browser, as taxpayers and the news describe them: Coretax's sign-in and its
 * "An Error Occurred" shell, e-Nofa's login, and the downtime notice of an announced maintenance.
 */

/** Where the simulated portals answer, as on the real hosts. */
export const CORETAX_LOGIN_PATH = '/identityproviderportal/Account/Login';
export const ENOFA_LOGIN_PATH = '/login';

/** Coretax's sign-in page (identity provider portal). */
export const CORETAX_LOGIN_PAGE = `<!DOCTYPE html>
<html lang="id">
<head><meta charset="utf-8"><title>Masuk - Coretax DJP</title></head>
<body class="login-page">
<main class="container">
  <h1 class="h4">Selamat Datang di Coretax DJP</h1>
  <form method="post" action="${CORETAX_LOGIN_PATH}">
    <div class="validation-summary-valid text-danger d-none" data-valmsg-summary="true"></div>
    <label for="Username">ID Pengguna</label><input id="Username" name="Username" type="text" placeholder="NIK/NPWP">
    <label for="Password">Kata Sandi</label><input id="Password" name="Password" type="password">
    <button type="submit">Masuk</button>
  </form>
</main>
<footer><a href="https://www.pajak.go.id/id/jadwal-maintenance">Jadwal Maintenance</a> · Kring Pajak 1500200</footer>
</body>
</html>
`;

/** e-Nofa's login page, where e-Faktur desktop users request invoice serial numbers. */
export const ENOFA_LOGIN_PAGE = `<!DOCTYPE html>
<html lang="id">
<head><meta charset="UTF-8"><title>e-Nofa - Direktorat Jenderal Pajak</title></head>
<body>
<h2>Permintaan Nomor Seri Faktur Pajak (e-Nofa)</h2>
<form id="loginForm" method="post" action="${ENOFA_LOGIN_PATH}">
  NPWP <input type="text" name="npwp" maxlength="15">
  Password <input type="password" name="password">
  <input type="submit" value="Login">
</form>
</body>
</html>
`;

/** The shell an application server answers with 200 when the application behind it failed. */
export const ERROR_SHELL_PAGE = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>An Error Occurred</title></head>
<body>
<h1 class="error">An Error Occurred</h1>
<p>Sorry, an error occurred while processing your request.</p>
</body>
</html>
`;

/** The notice of an announced downtime. */
export const PORTAL_MAINTENANCE_PAGE = `<!DOCTYPE html>
<html lang="id">
<head><meta charset="utf-8"><title>Pemeliharaan Sistem - Direktorat Jenderal Pajak</title></head>
<body>
<h1>Mohon Maaf</h1>
<p>Layanan sedang dalam pemeliharaan sistem untuk peningkatan kualitas layanan. Silakan mengakses kembali nanti.</p>
</body>
</html>
`;

/** Whether a path is one of the simulated portals' (the rest is the SVC host's). */
export function isPortalPath(pathname: string): boolean {
  return (
    pathname === CORETAX_LOGIN_PATH ||
    pathname === ENOFA_LOGIN_PATH ||
    pathname === '/identityproviderportal/'
  );
}
