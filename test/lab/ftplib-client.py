# Python's ftplib with its default settings, for the lab's client comparison: lists the login directory
# and exits 0 when the listing arrived. Arguments: URL (ftp:// or ftps://), mode (passive | active), and
# --tls for explicit FTPS (FTP_TLS). The password, if any, comes in FTPLIB_PASSWORD; the user in the URL
# (anonymous without).
import ftplib
import os
import sys
from urllib.parse import urlsplit

url, mode = sys.argv[1], sys.argv[2]
parts = urlsplit(url if '://' in url else 'ftp://' + url)
user = parts.username or 'anonymous'
password = os.environ.get('FTPLIB_PASSWORD', '')
host = parts.hostname or ''
port = parts.port or 21
explicit = sys.argv[3:] == ['--tls']
try:
    if parts.scheme == 'ftps' or explicit:
        # FTP_TLS as it comes: certificates not verified, data in the clear until prot_p(); implicit FTPS
        # is not something it speaks.
        ftp = ftplib.FTP_TLS(timeout=8)
    else:
        ftp = ftplib.FTP(timeout=8)
    ftp.connect(host, port)
    ftp.login(user, password)
    if mode == 'active':
        ftp.set_pasv(False)
    lines = []
    ftp.retrlines('LIST', lines.append)
    ftp.quit()
    print(f'listing received ({len(lines)} lines)')
except Exception as error:  # every failure is an outcome here, printed for the table
    print(f'{type(error).__name__}: {error}', file=sys.stderr)
    sys.exit(1)
