/* netinet/tcp_fsm.h - sun3lab libc: TCP's states, as netinfo(NI_SOCKETS)
 * reports them (struct sockinfo's si_tcpstate). With TCPSTATES defined,
 * tcpstates[] names them as netstat prints them. */
#ifndef _NETINET_TCP_FSM_H
#define _NETINET_TCP_FSM_H

#define TCP_NSTATES 11
#define TCPS_CLOSED 0       /* closed */
#define TCPS_LISTEN 1       /* listening for connection */
#define TCPS_SYN_SENT 2     /* active, have sent syn */
#define TCPS_SYN_RECEIVED 3 /* have sent and received syn */
#define TCPS_ESTABLISHED 4  /* established */
#define TCPS_CLOSE_WAIT 5   /* rcvd fin, waiting for close */
#define TCPS_FIN_WAIT_1 6   /* have closed, sent fin */
#define TCPS_CLOSING 7      /* closed xchd FIN; await FIN ACK */
#define TCPS_LAST_ACK 8     /* had fin and close; await FIN ACK */
#define TCPS_FIN_WAIT_2 9   /* have closed, fin is acked */
#define TCPS_TIME_WAIT 10   /* in 2*msl quiet wait after close */

#ifdef TCPSTATES
static const char *tcpstates[] = {
  "CLOSED", "LISTEN", "SYN_SENT", "SYN_RCVD", "ESTABLISHED", "CLOSE_WAIT",
  "FIN_WAIT_1", "CLOSING", "LAST_ACK", "FIN_WAIT_2", "TIME_WAIT",
};
#endif

#endif
