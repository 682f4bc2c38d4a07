/**
 * Account and group names that belong to the operating system or to the services Aegir drives.
 * A client is a tenant whose name becomes a unix group and a name in paths: it may not be one of
 * these. A web group may not be a privileged group (files Aegir makes for PHP would be theirs).
 */

/** System users and groups of Debian and the services Aegir runs beside (web, db, mail, ssh). */
export const SYSTEM_ACCOUNT_NAMES: ReadonlySet<string> = new Set([
  'root', 'daemon', 'bin', 'sys', 'sync', 'games', 'man', 'lp', 'mail', 'news', 'uucp', 'proxy', 'www', 'www_data',
  'backup', 'list', 'irc', 'gnats', 'nobody', 'nogroup', 'adm', 'tty', 'disk', 'kmem', 'dialout', 'fax', 'voice',
  'cdrom', 'floppy', 'tape', 'sudo', 'audio', 'dip', 'operator', 'src', 'shadow', 'utmp', 'video', 'sasl', 'plugdev',
  'staff', 'users', 'wheel', 'input', 'kvm', 'render', 'sgx', 'crontab', 'netdev', 'messagebus', 'sshd', 'ssh',
  'systemd', 'ntp', 'chrony', 'polkitd', 'tss', 'uuidd', 'tcpdump', 'avahi', 'dnsmasq', 'syslog', 'postfix',
  'postdrop', 'exim', 'dovecot', 'ftp', 'mysql', 'mariadb', 'postgres', 'redis', 'memcache', 'nginx', 'apache',
  'httpd', 'php', 'docker', 'lxd', 'admin', 'administrator', 'aegir', 'hostmaster', 'ssl_cert', 'certbot',
]);

/** Groups whose members can read secrets or act as root: never the group of files PHP writes. */
export const PRIVILEGED_GROUPS: ReadonlySet<string> = new Set([
  'root', 'sudo', 'wheel', 'adm', 'admin', 'shadow', 'disk', 'kmem', 'sys', 'bin', 'daemon', 'tty', 'utmp', 'staff',
  'docker', 'lxd', 'systemd-journal', 'ssl-cert', 'mysql', 'postgres', 'crontab', 'ssh', '_ssh', 'sshd', 'backup',
  'operator', 'shutdown', 'input', 'kvm', 'video', 'netdev', 'aegir',
]);
