export { ClusterModule } from './cluster.module';
export { Cluster } from './cluster';
