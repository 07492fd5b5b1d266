package app

import (
	"github.com/hibiken/asynq"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/crmadmin/crmadmin/worker"
)

// queueCollector exports asynq's per-queue figures (asynq's own x/metrics module is not
// published as a versioned module, so this reads the same numbers through the Inspector).
type queueCollector struct {
	insp  *asynq.Inspector
	descs map[string]*prometheus.Desc
}

func newQueueCollector(insp *asynq.Inspector) *queueCollector {
	d := func(name, help string) *prometheus.Desc {
		return prometheus.NewDesc("crm_jobs_"+name, help, []string{"queue"}, nil)
	}
	return &queueCollector{insp: insp, descs: map[string]*prometheus.Desc{
		"size":            d("queue_size", "Tasks in the queue (all states)."),
		"pending":         d("pending", "Tasks ready to run."),
		"active":          d("active", "Tasks running now."),
		"scheduled":       d("scheduled", "Tasks waiting for their time."),
		"retry":           d("retry", "Tasks waiting to be retried."),
		"archived":        d("archived", "Tasks that failed for good."),
		"latency_seconds": d("latency_seconds", "Age of the oldest pending task."),
		"processed_total": d("processed_today", "Tasks processed today (UTC)."),
		"failed_total":    d("failed_today", "Tasks failed today (UTC)."),
	}}
}

func (c *queueCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range c.descs {
		ch <- d
	}
}

func (c *queueCollector) Collect(ch chan<- prometheus.Metric) {
	for q := range worker.Queues { // the configured queues, reported even before first use
		info, err := c.insp.GetQueueInfo(q)
		if err != nil {
			info = &asynq.QueueInfo{Queue: q} // not created yet in Redis: all zero
		}
		g := func(k string, v float64) {
			ch <- prometheus.MustNewConstMetric(c.descs[k], prometheus.GaugeValue, v, q)
		}
		g("size", float64(info.Size))
		g("pending", float64(info.Pending))
		g("active", float64(info.Active))
		g("scheduled", float64(info.Scheduled))
		g("retry", float64(info.Retry))
		g("archived", float64(info.Archived))
		g("latency_seconds", info.Latency.Seconds())
		g("processed_total", float64(info.Processed))
		g("failed_total", float64(info.Failed))
	}
}
